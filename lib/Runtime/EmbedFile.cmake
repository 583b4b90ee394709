# Writes a C++ header that defines `static const char ${SYMBOL}[]` holding the
# contents of ${INPUT} as a raw string literal (used to embed the reference
# kernel's PTX in the runtime library).
#
#   cmake -DINPUT=in.ptx -DOUTPUT=out.inc -DSYMBOL=kName -P EmbedFile.cmake
file(READ "${INPUT}" content)
set(delimiter "hopgemm_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter ${delimiter}")
endif()
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by EmbedFile.cmake; do not edit.\n"
  "static const char ${SYMBOL}[] = R\"${delimiter}(${content})${delimiter}\";\n")

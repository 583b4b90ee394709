# Chooses how MLIR and LLVM are linked (HOPGEMM_LINK_MODE).
#
# Debian builds LLVM with LLVM_LINK_LLVM_DYLIB=ON, so every exported MLIR*.a
# target carries `LLVM` (libLLVM.so) in its link interface. For a fully static
# tool we rewrite that entry to the static LLVM component archives, leaving
# out the components that need libraries Debian does not ship (CURL, libedit,
# Polly).
if(HOPGEMM_LINK_MODE STREQUAL "shared")
  set(MLIR_LINK_MLIR_DYLIB ON)
elseif(HOPGEMM_LINK_MODE STREQUAL "static")
  set(MLIR_LINK_MLIR_DYLIB OFF)
  set(LLVM_LINK_LLVM_DYLIB OFF)
  set(_hopgemm_skip LLVMDebuginfod LLVMLineEditor LLVMExtensions LLVMLTO LLVMDTLTO)
  set(_hopgemm_llvm_static "")
  foreach(lib ${LLVM_AVAILABLE_LIBS})
    if(lib MATCHES "^LLVM" AND NOT lib IN_LIST _hopgemm_skip AND TARGET ${lib})
      get_target_property(_type ${lib} TYPE)
      if(_type STREQUAL "STATIC_LIBRARY")
        list(APPEND _hopgemm_llvm_static ${lib})
      endif()
    endif()
  endforeach()
  get_property(_hopgemm_mlir_libs GLOBAL PROPERTY MLIR_ALL_LIBS)
  foreach(lib ${_hopgemm_mlir_libs} ${LLVM_AVAILABLE_LIBS})
    if(TARGET ${lib})
      get_target_property(_iface ${lib} INTERFACE_LINK_LIBRARIES)
      if(_iface AND "LLVM" IN_LIST _iface)
        list(REMOVE_ITEM _iface LLVM)
        list(APPEND _iface ${_hopgemm_llvm_static})
        set_target_properties(${lib} PROPERTIES INTERFACE_LINK_LIBRARIES "${_iface}")
      endif()
    endif()
  endforeach()
else()
  message(FATAL_ERROR "HOPGEMM_LINK_MODE must be 'shared' or 'static', not '${HOPGEMM_LINK_MODE}'")
endif()
message(STATUS "hopgemm links MLIR/LLVM: ${HOPGEMM_LINK_MODE}")

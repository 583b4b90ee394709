#!/bin/sh
# A stand-in for compute-sanitizer in run_suite.py's tests (no GPU): takes
# "--tool TOOL --error-exitcode N COMMAND...", runs COMMAND and prints the
# summary line TOOL prints. FAKE_SANITIZER_ERRORS=TOOL makes TOOL report 2
# errors and exit with N.
tool=$2
code=$4
shift 4
"$@"
status=$?
errors=0
if [ "$FAKE_SANITIZER_ERRORS" = "$tool" ]; then
  errors=2
  status=$code
fi
if [ "$tool" = racecheck ]; then
  echo "========= RACECHECK SUMMARY: $errors hazards displayed ($errors errors, 0 warnings)"
else
  echo "========= ERROR SUMMARY: $errors errors"
fi
exit $status

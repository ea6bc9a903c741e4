# Writes server/build_info.h with the commit being built. Run by the signet_build_info target on
# every build (cmake -P), not only at configure time, so a binary never reports the commit of an
# older configure run. configure_file leaves the header untouched when nothing changed, so a
# rebuild at the same commit recompiles nothing. A tree with uncommitted changes to tracked
# files gets "-dirty"; outside a git checkout the commit is "unknown".
#   cmake -DSOURCE_DIR=... -DVERSION=... -DINPUT=build_info.h.in -DOUTPUT=... -P GenerateBuildInfo.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE SIGNET_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rev_rc ERROR_QUIET)
if(NOT rev_rc EQUAL 0 OR NOT SIGNET_GIT_COMMIT)
  set(SIGNET_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE changes RESULT_VARIABLE status_rc ERROR_QUIET)
  if(status_rc EQUAL 0 AND NOT changes STREQUAL "")
    string(APPEND SIGNET_GIT_COMMIT "-dirty")
  endif()
endif()
set(PROJECT_VERSION ${VERSION})
configure_file(${INPUT} ${OUTPUT} @ONLY)

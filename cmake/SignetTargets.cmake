# Helpers that give every folder the same shape: one static library, one test binary, warnings
# and sanitizers applied uniformly, sources discovered from the folder itself.

# Warning flags for project code only (third-party headers are included as SYSTEM).
add_library(signet_warnings INTERFACE)
target_compile_options(signet_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                 -Wnon-virtual-dtor -Wformat=2
                                                 -Wno-missing-field-initializers)
if(SIGNET_WERROR)
  target_compile_options(signet_warnings INTERFACE -Werror)
endif()

add_library(signet_sanitize INTERFACE)
if(SIGNET_SANITIZE)
  target_compile_options(signet_sanitize INTERFACE -fsanitize=address,undefined
                                                   -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(signet_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# Project headers are included by their path from the repository root: "base/result.h".
add_library(signet_includes INTERFACE)
target_include_directories(signet_includes INTERFACE ${PROJECT_SOURCE_DIR})

# signet_folder_sources(<out-var>) collects the folder's library sources: every *.cc that is not
# a test (*_test.cc, *_pgtest.cc, ...), a fuzz target (*_fuzz.cc) or a main (*_main.cc).
function(signet_folder_sources out)
  file(GLOB all CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(result "")
  foreach(f IN LISTS all)
    get_filename_component(name ${f} NAME)
    if(NOT name MATCHES "_(test|pgtest|s3test|fuzz|main|bench)\\.cc$")
      list(APPEND result ${f})
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# signet_library(<name> [DEPS <targets>...] [PUBLIC_DEPS <targets>...])
# Declares the folder's static library. DEPS are private, PUBLIC_DEPS propagate to dependents.
# The dependency direction between folders is exactly what these lists say.
function(signet_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;PUBLIC_DEPS" ${ARGN})
  signet_folder_sources(srcs)
  add_library(${name} STATIC ${srcs})
  target_link_libraries(${name} PUBLIC signet_includes ${ARG_PUBLIC_DEPS}
                                PRIVATE signet_warnings signet_sanitize ${ARG_DEPS})
  target_link_libraries(${name} INTERFACE signet_sanitize)
endfunction()

# Test code (GoogleTest binaries, fuzz replays, e2e drivers) is most of what a clean build
# compiles. It gets SIGNET_TEST_CXX_FLAGS (the ci preset sets -O1: the code under test lives in
# the folder libraries, which keep the build type's optimisation) and, for GoogleTest binaries,
# one precompiled header of GoogleTest, nlohmann/json and common standard headers, built once by
# signet_test_pch and reused by every test binary instead of being parsed again for each file.
set(SIGNET_TEST_CXX_FLAGS "" CACHE STRING "Extra compile flags for test code only (e.g. -O1)")
option(SIGNET_TEST_PCH "Reuse one precompiled header of GoogleTest and common headers in tests" ON)
separate_arguments(SIGNET_TEST_CXX_FLAGS_LIST UNIX_COMMAND "${SIGNET_TEST_CXX_FLAGS}")

# signet_test_flags(<target>) adds SIGNET_TEST_CXX_FLAGS. At -O1 GCC 12 reports false
# -Warray-bounds / -Wstringop-overflow inside libstdc++'s std::string (GCC PR 105651 and
# relatives) and false -Wmaybe-uninitialized on std::optional members, so with those flags test
# code drops these three warnings; the libraries keep them.
function(signet_test_flags target)
  target_compile_options(${target} PRIVATE ${SIGNET_TEST_CXX_FLAGS_LIST})
  if(SIGNET_TEST_CXX_FLAGS AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow
                                              -Wno-maybe-uninitialized)
  endif()
endfunction()

# signet_test_pch_target() declares signet_test_pch, the owner of the shared test PCH. Its
# compile flags and definitions are exactly those of a signet_test() binary (GCC only uses a
# precompiled header built with the same options; otherwise it silently parses the headers).
function(signet_test_pch_target)
  if(NOT SIGNET_BUILD_TESTS OR NOT SIGNET_TEST_PCH OR TARGET signet_test_pch)
    return()
  endif()
  file(WRITE ${PROJECT_BINARY_DIR}/signet_test_pch.cc "// the shared test PCH's own unit\n")
  add_library(signet_test_pch OBJECT ${PROJECT_BINARY_DIR}/signet_test_pch.cc)
  target_link_libraries(signet_test_pch PRIVATE signet_includes GTest::gtest GTest::gmock
                                                nlohmann_json::nlohmann_json signet_warnings
                                                signet_sanitize)
  target_compile_definitions(signet_test_pch PRIVATE
      SIGNET_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      SIGNET_BINARY_DIR="${PROJECT_BINARY_DIR}")
  signet_test_flags(signet_test_pch)
  target_precompile_headers(signet_test_pch PRIVATE
      <gtest/gtest.h> <gmock/gmock.h> <nlohmann/json.hpp>
      <algorithm> <chrono> <cstdint> <cstring> <filesystem> <fstream> <functional> <map>
      <memory> <optional> <set> <sstream> <string> <string_view> <thread> <utility> <vector>)
endfunction()

# signet_test_code(<target> [GTEST]) applies the test-code settings above to a target.
function(signet_test_code target)
  cmake_parse_arguments(ARG "GTEST" "" "" ${ARGN})
  signet_test_flags(${target})
  if(ARG_GTEST AND SIGNET_TEST_PCH)
    signet_test_pch_target()
    target_precompile_headers(${target} REUSE_FROM signet_test_pch)
  endif()
endfunction()

# signet_test(<name> LABEL <label> [GLOB <pattern>] [DEPS <targets>...] [TIMEOUT <s>])
# Builds one GoogleTest binary from the folder's tests (default pattern *_test.cc) and registers
# every case with ctest under the given label (unit, pg, s3, e2e, interop, fuzz).
function(signet_test name)
  if(NOT SIGNET_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "LABEL;GLOB;TIMEOUT" "DEPS;SOURCES" ${ARGN})
  if(NOT ARG_GLOB)
    set(ARG_GLOB "*_test.cc")
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${ARG_GLOB})
  if(NOT tests AND NOT ARG_SOURCES)
    return()  # the folder has no tests of this kind yet
  endif()
  add_executable(${name} ${tests} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main
                                        signet_warnings signet_sanitize)
  target_compile_definitions(${name} PRIVATE
      SIGNET_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      SIGNET_BINARY_DIR="${PROJECT_BINARY_DIR}")
  signet_test_code(${name} GTEST)
  gtest_discover_tests(${name}
      PROPERTIES LABELS ${ARG_LABEL} TIMEOUT ${ARG_TIMEOUT}
      DISCOVERY_TIMEOUT 60)
endfunction()

# signet_fuzz(<name> SOURCE <file> DEPS <targets>... [CORPUS <dir>])
# A fuzz target defines LLVMFuzzerTestOneInput. In the `fuzz` preset (clang) it links libFuzzer;
# in every other test build it links tests/fuzz/standalone_main.cc, which replays the seed corpus
# and a bounded number of deterministic mutations, and runs under ctest with the label `fuzz`.
function(signet_fuzz name)
  cmake_parse_arguments(ARG "" "SOURCE;CORPUS" "DEPS" ${ARGN})
  if(NOT ARG_CORPUS)
    set(ARG_CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/testdata/${name}")
  endif()
  if(SIGNET_BUILD_FUZZ)
    add_executable(${name} ${ARG_SOURCE})
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} signet_warnings)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  elseif(SIGNET_BUILD_TESTS)
    add_executable(${name} ${ARG_SOURCE} ${PROJECT_SOURCE_DIR}/tests/fuzz/standalone_main.cc)
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} signet_warnings signet_sanitize)
    signet_test_code(${name})
    add_test(NAME ${name} COMMAND ${name} --iterations=20000 ${ARG_CORPUS})
    set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 300)
  endif()
endfunction()

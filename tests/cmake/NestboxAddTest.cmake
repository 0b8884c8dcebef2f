# nestbox_add_test(<name> SOURCES <files...> [LIBRARIES <libs...>] [PROFILES sqlite mariadb] [TIMEOUT <s>])
#
# The one way a Qt Test suite is built and registered with CTest (after owncloud's owncloud_add_test):
# builds tst_<name> with the project's settings and
#  - without PROFILES: registers test `<name>` (label `unit`);
#  - with PROFILES: registers the same binary once per profile as `<name>.<profile>`, with
#    NESTBOX_TEST_PROFILE=<profile> in its environment and the label `profile-<profile>`; the
#    `mariadb` profile requires the `nestbox_services` fixture (MariaDB + Redis started by
#    tests/services/services.sh), so plain `ctest` starts and stops the services by itself.
# Each run writes its plain-text Qt Test log to ${NESTBOX_TEST_RESULTS_DIR}/<test>.txt, which
# scripts/test.sh sums per profile.
function(nestbox_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "TIMEOUT" "SOURCES;LIBRARIES;PROFILES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "nestbox_add_test(${name}): SOURCES is required")
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 600)
  endif()
  set(target tst_${name})
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Qt6::Test ${ARG_LIBRARIES})
  nestbox_apply_settings(${target})

  set(tests "")
  if(NOT ARG_PROFILES)
    list(APPEND tests ${name})
    add_test(NAME ${name}
             COMMAND ${target} -o ${NESTBOX_TEST_RESULTS_DIR}/${name}.txt,txt -o -,txt)
    set_tests_properties(${name} PROPERTIES LABELS "unit")
  else()
    foreach(profile IN LISTS ARG_PROFILES)
      set(test ${name}.${profile})
      list(APPEND tests ${test})
      add_test(NAME ${test}
               COMMAND ${target} -o ${NESTBOX_TEST_RESULTS_DIR}/${test}.txt,txt -o -,txt)
      set_tests_properties(${test} PROPERTIES
        LABELS "server;profile-${profile}"
        ENVIRONMENT "NESTBOX_TEST_PROFILE=${profile};NESTBOX_TEST_SERVICES_ENV=${NESTBOX_TEST_SERVICES_ENV}")
      if(profile STREQUAL "mariadb")
        set_tests_properties(${test} PROPERTIES FIXTURES_REQUIRED nestbox_services)
      elseif(NOT profile STREQUAL "sqlite")
        message(FATAL_ERROR "nestbox_add_test(${name}): unknown profile ${profile}")
      endif()
    endforeach()
  endif()
  set_tests_properties(${tests} PROPERTIES
    TIMEOUT ${ARG_TIMEOUT}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  nestbox_sanitizer_test_env()
endfunction()

# Sanitizer builds (-DNESTBOX_SANITIZE=...): every test of the calling directory gets the
# LeakSanitizer suppressions for third-party leaks (tests/sanitizers/lsan.supp), and UBSan stops
# the process at its first report, so undefined behaviour in a nestboxd a suite starts (its stderr
# goes to a temp log) fails the suite instead of passing unseen. Tests that set their own
# UBSAN_OPTIONS keep them. Runs deferred, at the end of the directory, after every
# set_tests_properties(... ENVIRONMENT ...) there; nestbox_add_test() and the scale suites call it.
function(nestbox_sanitizer_test_env)
  if(NOT NESTBOX_SANITIZE)
    return()
  endif()
  get_property(_done DIRECTORY PROPERTY NESTBOX_SANITIZER_ENV_DEFERRED)
  if(_done)
    return()
  endif()
  set_property(DIRECTORY PROPERTY NESTBOX_SANITIZER_ENV_DEFERRED TRUE)
  cmake_language(DEFER CALL _nestbox_sanitizer_test_env_now)
endfunction()
function(_nestbox_sanitizer_test_env_now)
  get_property(_tests DIRECTORY PROPERTY TESTS)
  foreach(_test IN LISTS _tests)
    get_test_property(${_test} ENVIRONMENT _env)
    set(_add "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/sanitizers/lsan.supp:print_suppressions=0")
    if(NOT _env MATCHES "UBSAN_OPTIONS=")
      list(APPEND _add "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
    endif()
    set_property(TEST ${_test} APPEND PROPERTY ENVIRONMENT ${_add})
  endforeach()
endfunction()

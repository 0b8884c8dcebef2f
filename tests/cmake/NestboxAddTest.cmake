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
endfunction()

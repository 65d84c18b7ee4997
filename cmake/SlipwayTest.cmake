# slipway_add_test(<name> SOURCES <files...> LIBRARIES <targets...> [LABEL core|ui] [ENVIRONMENT k=v...])
# One Qt Test executable linked to the layer under test only, registered with CTest.
# Tests run with a UTF-8 locale and the offscreen platform; the harness (scripts/test.sh)
# runs CTest inside dbus-run-session with an unlocked gnome-keyring.
function(slipway_add_test name)
    cmake_parse_arguments(arg "" "LABEL" "SOURCES;LIBRARIES;ENVIRONMENT" ${ARGN})
    if(NOT arg_LABEL)
        set(arg_LABEL core)
    endif()
    add_executable(${name} ${arg_SOURCES})
    target_link_libraries(${name} PRIVATE slipway_common_cfg Qt6::Test ${arg_LIBRARIES})
    target_compile_definitions(${name} PRIVATE
        QT_FORCE_ASSERTS
        SLIPWAY_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
        SLIPWAY_BINARY_DIR="${CMAKE_BINARY_DIR}")
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        LABELS ${arg_LABEL}
        ENVIRONMENT "LANG=C.UTF-8;LC_ALL=C.UTF-8;QT_QPA_PLATFORM=offscreen;SLIPWAY_BIN=${CMAKE_BINARY_DIR}/bin/slipway;${arg_ENVIRONMENT}")
endfunction()

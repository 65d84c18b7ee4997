# Shared compile settings, carried by one INTERFACE target that every Slipway target links.
add_library(slipway_common_cfg INTERFACE)
target_compile_features(slipway_common_cfg INTERFACE cxx_std_23)
target_compile_options(slipway_common_cfg INTERFACE
    -Wall -Wextra -pedantic -Wnon-virtual-dtor -Wold-style-cast)
target_compile_definitions(slipway_common_cfg INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    SLIPWAY_VERSION="${PROJECT_VERSION}")
target_include_directories(slipway_common_cfg INTERFACE
    $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}>)

if(SLIPWAY_SANITIZE)
    target_compile_options(slipway_common_cfg INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(slipway_common_cfg INTERFACE -fsanitize=address,undefined)
endif()

# slipway_add_core_module(<domain> SOURCES <files...> [DEPENDS <domains...>] [PRIVATE_LIBRARIES <targets...>])
# One static library per core domain folder, slipway_core_<domain>, so a test links only the
# layers it exercises and the dependency direction between domains is written down.
# Modules link Qt Core/Network/Concurrent only; never Gui or Widgets.
function(slipway_add_core_module domain)
    cmake_parse_arguments(arg "" "" "SOURCES;DEPENDS;PRIVATE_LIBRARIES" ${ARGN})
    set(target slipway_core_${domain})
    add_library(${target} STATIC ${arg_SOURCES})
    target_link_libraries(${target} PUBLIC slipway_common_cfg Qt6::Core Qt6::Network Qt6::Concurrent)
    foreach(dependency IN LISTS arg_DEPENDS)
        target_link_libraries(${target} PUBLIC slipway_core_${dependency})
    endforeach()
    if(arg_PRIVATE_LIBRARIES)
        target_link_libraries(${target} PRIVATE ${arg_PRIVATE_LIBRARIES})
    endif()
    target_link_libraries(slipway_core INTERFACE ${target})
endfunction()

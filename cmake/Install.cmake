# SPDX-License-Identifier: Apache-2.0
# Installation rules (binary, shared library, headers, pkg-config, CMake package).
#
#   cmake --install build --prefix P
#
# installs P/bin/relic and P/bin/relic-lms, P/<libdir>/librelic.so.<version>
# (+ soname links),
# P/include/relic/ (and P/include/wmsdk/ once the SDK headers exist),
# P/<libdir>/pkgconfig/relic.pc and P/<libdir>/cmake/relic/, so consumers use
# either `pkg-config --cflags --libs relic` or `find_package(relic)` with the
# imported target relic::relic. tests/install/run.sh checks all of it.
include(CMakePackageConfigHelpers)

set(RELIC_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/relic)

# Every header under include/ is public. Re-run the configure step when a
# directory appears in include/ (such as wmsdk/), so the rules below follow.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  PATTERN "*.in" EXCLUDE)
# relic/version.h is generated from relic/version.h.in (src/CMakeLists.txt).
install(FILES ${PROJECT_BINARY_DIR}/include/relic/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/relic)

# The SDK-compatible headers are included as <wmdrmsdk.h> and the like, as on
# Windows, so their directory is an include directory of its own.
set(RELIC_PC_CFLAGS "-I\${includedir}")
if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/include/wmsdk)
  target_include_directories(relic PUBLIC $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/wmsdk>)
  string(APPEND RELIC_PC_CFLAGS " -I\${includedir}/wmsdk")
endif()

# Both programs: an operator deploying a License Management Service installs
# relic the same way as a user restoring onto a new machine.
install(TARGETS relic-cli relic-lms RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The shared library links libsodium, SQLite and fmt privately, so its
# exported interface needs nothing but its headers.
install(TARGETS relic EXPORT relicTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT relicTargets NAMESPACE relic:: DESTINATION ${RELIC_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/relicConfig.cmake.in
  ${PROJECT_BINARY_DIR}/relicConfig.cmake
  INSTALL_DESTINATION ${RELIC_INSTALL_CMAKEDIR})
# The soname carries the major version, so the package promises the same.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/relicConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/relicConfig.cmake ${PROJECT_BINARY_DIR}/relicConfigVersion.cmake
  DESTINATION ${RELIC_INSTALL_CMAKEDIR})

# relic.pc finds the prefix from its own location (${pcfiledir}), so it stays
# right for `cmake --install --prefix` to any directory and for DESTDIR.
file(RELATIVE_PATH RELIC_PC_UP /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" RELIC_PC_UP "${RELIC_PC_UP}")
set(RELIC_PC_PREFIX "\${pcfiledir}/${RELIC_PC_UP}")
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE ${CMAKE_INSTALL_${dir}})
    set(RELIC_PC_${dir} ${CMAKE_INSTALL_${dir}})
  else()
    set(RELIC_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/relic.pc.in ${PROJECT_BINARY_DIR}/relic.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/relic.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

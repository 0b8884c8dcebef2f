# Installs nestbox-server's two files that live outside the install prefix on a real system, run
# by `cmake --install` / cpack (install(CODE) in installer/CMakeLists.txt sets the NESTBOX_*
# variables). Decided now, at install time, because only now is the prefix known:
#   prefix /usr (the packages):  /etc/nestbox/nestboxd.conf, /lib/systemd/system (Debian 12)
#   any other prefix P:          P/etc/nestbox/nestboxd.conf, P/lib/systemd/system
# The unit's ExecStart names the nestboxd and the config of this very installation.

if(CMAKE_INSTALL_PREFIX STREQUAL "/usr" OR CMAKE_INSTALL_PREFIX STREQUAL "/usr/")
  set(_etc /etc)
  set(_unitdir /lib/systemd/system)
else()
  set(_etc "${CMAKE_INSTALL_PREFIX}/etc")
  set(_unitdir "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()

set(NESTBOX_BINDIR "${CMAKE_INSTALL_PREFIX}/${NESTBOX_INSTALL_BINDIR}")
set(NESTBOX_CONFIG_FILE "${_etc}/nestbox/${NESTBOX_CONFIG_NAME}")
file(READ "${NESTBOX_SERVER_SOURCE_DIR}/nestbox-server.service.in" _unit)
string(CONFIGURE "${_unit}" _unit @ONLY)
file(WRITE "${NESTBOX_STAGING_DIR}/nestbox-server.service" "${_unit}")

# file(INSTALL) adds $DESTDIR itself, and records the files in install_manifest.txt.
file(INSTALL DESTINATION "${_unitdir}" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${NESTBOX_STAGING_DIR}/nestbox-server.service")
file(INSTALL DESTINATION "${_etc}/nestbox" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${NESTBOX_SERVER_SOURCE_DIR}/${NESTBOX_CONFIG_NAME}")

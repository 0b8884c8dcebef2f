# Every third-party package Nestbox builds against, found in one place.

find_package(OpenSSL 3 REQUIRED)
find_package(PkgConfig REQUIRED)

# Debian 12's PocoDataMySQL package links a target named MySQL::client that nothing
# defines; provide it from MariaDB's pkg-config file before Poco is searched.
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET GLOBAL libmariadb)
if(NOT TARGET MySQL::client)
  add_library(MySQL::client ALIAS PkgConfig::MARIADB)
endif()

pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET GLOBAL libargon2)
pkg_check_modules(RABBITMQ REQUIRED IMPORTED_TARGET GLOBAL librabbitmq)
# nestboxd announces itself on the home network with DNS-SD/mDNS through the Avahi daemon.
pkg_check_modules(AVAHI_CLIENT REQUIRED IMPORTED_TARGET GLOBAL avahi-client)

find_package(Poco 1.11 REQUIRED COMPONENTS
  Foundation Util Net NetSSL Crypto JSON Data DataSQLite DataMySQL Redis)

find_package(Threads REQUIRED)

find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network Sql Concurrent Test Widgets LinguistTools)
qt_standard_project_setup()
# Everything Nestbox links comes from system library paths, so no binary needs an RPATH. Qt's
# setup asks for an install RPATH, and CMake then pads the build tree's RUNPATH with empty
# entries, which the dynamic loader reads as "the current directory": switch it off.
set(CMAKE_INSTALL_RPATH "")
set(CMAKE_SKIP_INSTALL_RPATH ON)

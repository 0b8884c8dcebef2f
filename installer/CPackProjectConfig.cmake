# Read by cpack after CPackConfig.cmake. Each .deb's summary is the first line of its component
# description (installer/CMakeLists.txt); CPack's DEB generator would otherwise put the project's
# one-line description above it as a second summary.
unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)

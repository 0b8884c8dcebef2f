# Compiler settings applied to every Nestbox target from one place.

if(NESTBOX_SANITIZE)
  add_compile_options(-fsanitize=${NESTBOX_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${NESTBOX_SANITIZE})
else()
  # Hardening for what ships (the .deb packages; lintian asks for both): glibc's checked string
  # and memory functions, and relocations resolved at start then made read-only. Not in
  # sanitizer builds, where the fortified wrappers would hide calls from ASan, nor at -O0, where
  # glibc cannot fortify.
  add_compile_definitions($<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:_FORTIFY_SOURCE=2>)
  add_link_options(LINKER:-z,relro LINKER:-z,now)
endif()

# nestbox_apply_settings(<target>): warnings and strict Qt defines for one target.
function(nestbox_apply_settings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                           -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual)
  get_target_property(_libs ${target} LINK_LIBRARIES)
  if(_libs MATCHES "Qt6::")
    target_compile_definitions(${target} PRIVATE
      QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
      QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
      QT_NO_FOREACH QT_USE_QSTRINGBUILDER QT_STRICT_ITERATORS)
  endif()
endfunction()

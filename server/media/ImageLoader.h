#pragma once

#include "ImageFormat.h"

#include <string>

typedef struct _VipsImage VipsImage;
typedef struct _VipsSource VipsSource;

namespace nestbox::media {

// Opens `source` with the one libvips loader for `format` (never a sniffing load), reading the
// header only: pixels are decoded later, when something asks for them. `shrink` (1, 2, 4, 8)
// asks JPEG and WebP to decode at a fraction of their size (shrink-on-load); other formats
// ignore it. Multi-frame formats give their first frame. Truncated data is an error rather
// than grey pixels. Returns a new reference, or nullptr with `error` set.
VipsImage* openImage(VipsSource* source, ImageFormat format, int shrink, std::string& error);

// The libvips error buffer as a string, clearing it.
std::string takeVipsError();

} // namespace nestbox::media

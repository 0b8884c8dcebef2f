#pragma once

#include <string>

namespace nestbox::media {

// Starts libvips for hostile input, once per process: libvips' loadable modules are not loaded
// (ImageMagick, poppler, OpenSlide, JPEG-XL, HEIF; see ensureHeifLoader()); every untrusted operation and every loader
// is blocked, then only the stream loaders of the allow-listed formats (see ImageFormat.h) are
// unblocked again, so neither a sniffing load nor a direct call can reach ImageMagick, poppler,
// librsvg, OpenSlide, FITS, ... Returns false with `error` filled if libvips cannot start.
// Sets VIPSHOME in the environment (inherited by children). Thread-safe; later calls return the
// first call's result.
bool initVipsForUntrustedInput(const char* argv0, std::string& error);

// Loads libvips' HEIF module (Debian ships it as a loadable module, which the init above skips)
// and re-applies the block list to what it registers. False if this libvips cannot read HEIF.
// Thread-safe; call after initVipsForUntrustedInput().
bool ensureHeifLoader();

// The loader class names unblocked by initVipsForUntrustedInput(), for tests and messages.
const char* const* allowedLoaderClasses() noexcept;

} // namespace nestbox::media

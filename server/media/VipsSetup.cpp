#include "VipsSetup.h"

#include <vips/vips.h>

#include <mutex>

namespace nestbox::media {

namespace {

// Only the VipsSource variants: the thumbnailer reads every image through a VipsSource (a file
// or, in the fuzzer, memory), so the file and buffer loaders stay blocked too.
constexpr const char* kAllowedLoaders[] = {
    "VipsForeignLoadJpegSource",
    "VipsForeignLoadPngSource",
    "VipsForeignLoadWebpSource",
    "VipsForeignLoadNsgifSource",
    "VipsForeignLoadTiffSource",
    "VipsForeignLoadHeifSource",
    nullptr,
};

} // namespace

const char* const* allowedLoaderClasses() noexcept
{
    return kAllowedLoaders;
}

bool initVipsForUntrustedInput(const char* argv0, std::string& error)
{
    static std::once_flag once;
    static bool ok = false;
    static std::string initError;
    std::call_once(once, [argv0] {
        if (VIPS_INIT(argv0 ? argv0 : "nestbox-thumbnailer") != 0) {
            initError = vips_error_buffer();
            vips_error_clear();
            return;
        }
        vips_block_untrusted_set(TRUE);
        vips_operation_block_set("VipsForeignLoad", TRUE);
        for (const char* const* name = kAllowedLoaders; *name; ++name)
            vips_operation_block_set(*name, FALSE);
        // One image per process: caching operations only costs memory.
        vips_cache_set_max(0);
        ok = true;
    });
    if (!ok)
        error = initError;
    return ok;
}

} // namespace nestbox::media

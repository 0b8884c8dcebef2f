#include "VipsSetup.h"

#include <vips/vips.h>

#include <gmodule.h>

#include <dlfcn.h>
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

// libvips' loadable modules live next to libvips itself: <libdir>/vips-modules-<major>.<minor>/.
std::string moduleDirectory()
{
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&vips_init), &info) == 0 || !info.dli_fname)
        return {};
    std::string library = info.dli_fname;
    const std::size_t slash = library.rfind('/');
    if (slash == std::string::npos)
        return {};
    return library.substr(0, slash) + "/vips-modules-" + std::to_string(VIPS_MAJOR_VERSION) + "."
        + std::to_string(VIPS_MINOR_VERSION);
}

// Blocking applies to the classes registered so far: run again after a module registers more.
void applyBlockList()
{
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    for (const char* const* name = kAllowedLoaders; *name; ++name)
        vips_operation_block_set(*name, FALSE);
}

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
        // Debian builds ImageMagick, poppler, OpenSlide, JPEG-XL and HEIF as loadable modules.
        // Pointing libvips' install prefix at nothing keeps all of them out of the process
        // (blocked is good, absent is better, and it halves the start-up time); HEIF, the one
        // we want, is loaded by ensureHeifLoader() when a HEIF file shows up.
        g_setenv("VIPSHOME", "/nonexistent/nestbox-no-vips-modules", TRUE);
        if (VIPS_INIT(argv0 ? argv0 : "nestbox-thumbnailer") != 0) {
            initError = vips_error_buffer();
            vips_error_clear();
            return;
        }
        applyBlockList();
        // One image per process: caching operations only costs memory.
        vips_cache_set_max(0);
        ok = true;
    });
    if (!ok)
        error = initError;
    return ok;
}

bool ensureHeifLoader()
{
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        if (vips_type_find("VipsOperation", "heifload_source") == 0) {
            const std::string heif = moduleDirectory() + "/vips-heif.so";
            // The module registers its classes when opened (and pulls in libheif, libde265,
            // x265, aom: a few milliseconds, which JPEG-only runs do not pay).
            if (GModule* module = g_module_open(heif.c_str(), G_MODULE_BIND_LAZY))
                g_module_make_resident(module);
            applyBlockList();
        }
        ok = vips_type_find("VipsOperation", "heifload_source") != 0;
    });
    return ok;
}

} // namespace nestbox::media

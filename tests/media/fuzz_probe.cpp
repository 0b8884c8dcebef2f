// libFuzzer target for the image-probing entry point of nestbox-thumbnailer: the magic-number
// allow-list, the header read by the format's own libvips loader, the pixel limit and the EXIF
// date parsing, from a memory buffer. Built with clang++ -fsanitize=fuzzer,address,undefined
// by tests/media/CMakeLists.txt (our sources instrumented; libvips and its decoders run as
// shipped, so a crash inside them still ends the run as a deadly signal).

#include "ExifDate.h"
#include "ImageProbe.h"
#include "VipsSetup.h"

#include <vips/vips.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    std::string error;
    if (!nestbox::media::initVipsForUntrustedInput((*argv)[0], error)) {
        std::fprintf(stderr, "libvips failed to start: %s\n", error.c_str());
        std::abort();
    }
    // Warnings about damaged input are expected by the million; keep the fuzzer's log readable.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
    (void)argc;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const nestbox::media::ImageProbe probe = nestbox::media::probeImageMemory(data, size, 100'000'000);
    if (probe.ok) {
        // Whatever the header says, a probe that passes must be self-consistent.
        if (probe.width <= 0 || probe.height <= 0 || probe.storedWidth * probe.storedHeight > 100'000'000
            || probe.width * probe.height != probe.storedWidth * probe.storedHeight || probe.mime.empty())
            std::abort();
        if (probe.takenAt)
            (void)nestbox::media::formatUtcIso8601(*probe.takenAt);
    }
    // The date parser sees attacker-controlled text too: feed it the raw bytes as well.
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t split = size / 2;
    (void)nestbox::media::parseExifDateTime(text.substr(0, split), text.substr(split));
    vips_error_clear();
    return 0;
}

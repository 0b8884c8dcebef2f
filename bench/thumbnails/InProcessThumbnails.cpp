#include "InProcessThumbnails.h"

#include "ImageProbe.h"
#include "ThumbnailWriter.h"
#include "VipsSetup.h"

#include <vips/vips.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

double runInProcessThumbnails(const std::vector<std::string>& photos, const std::string& outDir, int size, int threads)
{
    std::string error;
    if (!nestbox::media::initVipsForUntrustedInput("nestbox-bench-thumbnails", error))
        throw std::runtime_error(error);
    vips_concurrency_set(1); // as in the child: parallelism comes from the threads here
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            for (std::size_t i = next++; i < photos.size() && !failed; i = next++) {
                VipsSource* source = vips_source_new_from_file(photos[i].c_str());
                const nestbox::media::ImageProbe probe = nestbox::media::probeImage(source, 100'000'000);
                std::string message;
                const std::string out = outDir + "/inproc-" + std::to_string(i) + ".jpg";
                if (!probe.ok || !nestbox::media::writeThumbnail(source, probe, size, out, message))
                    failed = true;
                if (source)
                    g_object_unref(source);
            }
            vips_thread_shutdown();
        });
    }
    for (std::thread& worker : workers)
        worker.join();
    if (failed)
        throw std::runtime_error("an in-process thumbnail failed");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

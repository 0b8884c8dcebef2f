#include "QImageBaseline.h"

#include <QImage>
#include <QString>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

double runQImageBaseline(const std::vector<std::string>& photos, const std::string& outDir, int size, int threads)
{
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            for (std::size_t i = next++; i < photos.size() && !failed; i = next++) {
                QImage image;
                if (!image.load(QString::fromStdString(photos[i]))) {
                    failed = true;
                    return;
                }
                const QImage thumb = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                const QString out = QString::fromStdString(outDir + "/qimage-" + std::to_string(i) + ".jpg");
                if (!thumb.save(out, "JPEG", 82)) {
                    failed = true;
                    return;
                }
            }
        });
    }
    for (std::thread& worker : workers)
        worker.join();
    if (failed)
        throw std::runtime_error("QImage could not load or save an image (is the Qt JPEG plugin installed?)");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

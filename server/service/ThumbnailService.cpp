#include "service/ThumbnailService.h"

#include "media/ThumbnailerProcess.h"
#include "repository/FileRepository.h"
#include "repository/JobRepository.h"
#include "storage/BlobStore.h"

#include <Poco/Logger.h>

#include <filesystem>

namespace nestbox::server {

ThumbnailService::ThumbnailService(FileRepository& files, JobRepository& jobs, BlobStore& store,
                                   const ThumbnailerProcess& thumbnailer)
    : _files(files)
    , _jobs(jobs)
    , _store(store)
    , _thumbnailer(thumbnailer)
{
}

void ThumbnailService::process(const std::string& sha256)
{
    // Deleted since it was queued: nothing to do.
    if (!_files.blobRowExists(sha256) || !_store.exists(sha256))
        return;
    const std::string dir = _store.makeScratchDir();
    struct Cleanup {
        std::string dir;
        ~Cleanup()
        {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    } cleanup{dir};
    const MediaResult result = _thumbnailer.run(_store.localCopy(sha256, dir), dir, {256, 1280});
    if (!result.ok) {
        Poco::Logger::get("nestbox.thumbnails")
            .information("no thumbnail for %s: %s %s", sha256, result.reason, result.message);
        _files.setMedia(sha256, "none", std::nullopt, std::nullopt, std::nullopt);
        return;
    }
    for (const auto& [size, path] : result.thumbnails)
        _store.putThumbnail(sha256, size, path);
    _files.setMedia(sha256, "ready", result.width, result.height, result.takenAtMs);
}

void ThumbnailService::giveUp(const std::string& sha256)
{
    _files.setMedia(sha256, "none", std::nullopt, std::nullopt, std::nullopt);
}

int ThumbnailService::rebuild()
{
    const auto blobs = _files.imageBlobsWithoutThumbnails();
    for (const std::string& sha : blobs)
        _files.setMedia(sha, "pending", std::nullopt, std::nullopt, std::nullopt);
    _jobs.requeue("thumbnail", blobs);
    return static_cast<int>(blobs.size());
}

std::unique_ptr<BlobReader> ThumbnailService::open(const std::string& sha256, int size)
{
    return _store.openThumbnail(sha256, size);
}

} // namespace nestbox::server

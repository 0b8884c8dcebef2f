#pragma once

#include "repository/Records.h"

#include <memory>
#include <string>

namespace nestbox::server {

class BlobReader;
class BlobStore;
class FileRepository;
class JobRepository;
class ThumbnailerProcess;

// Thumbnails and image facts (size after orientation, EXIF capture time) for stored images.
// Decoding happens only in the isolated nestbox-thumbnailer process; this class runs it for a
// blob, stores what it made under the blob's hash and records the outcome on the blob and every
// file of that content. Thread-safe.
class ThumbnailService {
public:
    ThumbnailService(FileRepository& files, JobRepository& jobs, BlobStore& store, const ThumbnailerProcess& thumbnailer);

    // The "thumbnail" job for one blob. Throws only for failures worth a retry (storage,
    // database, a thumbnailer that cannot start); a bad image ends as thumbnail "none".
    void process(const std::string& sha256);
    // A job that kept failing: its files stop waiting.
    void giveUp(const std::string& sha256);
    // Queues every image blob without thumbnails; returns how many.
    int rebuild();
    // The stored thumbnail, nullptr when there is none.
    std::unique_ptr<BlobReader> open(const std::string& sha256, int size);

private:
    FileRepository& _files;
    JobRepository& _jobs;
    BlobStore& _store;
    const ThumbnailerProcess& _thumbnailer;
};

} // namespace nestbox::server

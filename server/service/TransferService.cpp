#include "service/TransferService.h"

#include "cache/LockManager.h"
#include "repository/FileRepository.h"
#include "repository/JobRepository.h"
#include "storage/BlobStore.h"

#include <Poco/Logger.h>

namespace nestbox::server {

using namespace std::chrono_literals;

TransferService::TransferService(FileRepository& files, JobRepository& jobs, BlobStore& store, LockManager& locks)
    : _files(files)
    , _jobs(jobs)
    , _store(store)
    , _locks(locks)
{
}

void TransferService::process(const std::string& sha256)
{
    if (!_store.hasRemoteTier())
        return;
    const std::string location = _files.blobLocation(sha256);
    if (location.empty())
        return; // deleted since it was queued
    if (location == "local") {
        const auto size = _files.blobSize(sha256);
        if (!size)
            return;
        // The copy runs without the blob lock (it may take minutes); the switch below re-checks.
        _store.pushToRemote(sha256, *size);
    }
    // The blob lock keeps a delete of the last reference from racing the switch.
    ScopedLock lock(_locks, "blob:" + sha256, 15s, 60s);
    if (_files.blobLocation(sha256).empty()) {
        _store.remove(sha256); // deleted during the copy: drop what was just pushed
        return;
    }
    _files.setBlobLocation(sha256, "s3");
    _store.dropLocal(sha256);
    Poco::Logger::get("nestbox.storage").information("blob %s is in the object store; local copy freed", sha256);
}

int TransferService::queueAll()
{
    const auto blobs = _files.localBlobs();
    for (const std::string& sha : blobs)
        _jobs.enqueue("transfer", sha);
    return static_cast<int>(blobs.size());
}

} // namespace nestbox::server

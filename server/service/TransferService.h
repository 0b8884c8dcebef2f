#pragma once

#include <string>

namespace nestbox::server {

class BlobStore;
class FileRepository;
class JobRepository;
class LockManager;

// Moves blobs from local disk to the object store (tiered storage): the "transfer" job copies
// the blob, the store verifies its SHA-256 and size, the database records the new location,
// and only then is the local copy freed. Idempotent: a job run twice, or after a crash at any
// step, ends with the blob in the bucket once and the local copy freed once. Thread-safe.
class TransferService {
public:
    TransferService(FileRepository& files, JobRepository& jobs, BlobStore& store, LockManager& locks);

    void process(const std::string& sha256);
    // Queues a transfer for every blob still only local; returns how many.
    int queueAll();

private:
    FileRepository& _files;
    JobRepository& _jobs;
    BlobStore& _store;
    LockManager& _locks;
};

} // namespace nestbox::server

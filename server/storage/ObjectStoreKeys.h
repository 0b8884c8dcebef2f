#pragma once

#include "storage/BlobStore.h"

#include <string>
#include <vector>

namespace nestbox::server {

class S3Client;
class S3Error;

// Keys of the object-store tiers (tiered and direct storage) in one bucket:
//   blobs/<sha256>               a committed blob (content-addressed)
//   thumbnails/<sha256>-<edge>.jpg  direct storage's thumbnails (256, 1280)
//   staging/<id>                 direct storage's simple (one-request) uploads before their commit
std::string blobObjectKey(const std::string& sha256);
std::string thumbnailObjectKey(const std::string& sha256, int edge);
std::string stagingObjectKey(const std::string& stagingId);

// Every object under `prefix` (all pages): the rest of its key after the prefix in `sha256`, its
// size and age. Throws S3Error.
std::vector<BlobStore::Entry> listObjectEntries(S3Client& s3, const std::string& prefix);

// Logs the object store's failure and throws ServiceError(Unavailable): the client may retry.
[[noreturn]] void objectStoreUnavailable(const S3Error& e);

} // namespace nestbox::server

#pragma once

#include "storage/BlobStore.h"

#include <memory>
#include <string>

namespace nestbox::server {

struct S3Config;

// The tiered store: uploads are staged and committed on local disk as with the local store;
// the "transfer" job then pushes each blob to an S3-compatible bucket (key blobs/<sha256>),
// and once the database says so the local copy is freed. Reads come from whichever tier holds
// the blob. Thumbnails stay on local disk.
std::unique_ptr<BlobStore> makeTieredBlobStore(const std::string& dataDir, const S3Config& config);

} // namespace nestbox::server

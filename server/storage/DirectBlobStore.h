#pragma once

#include "storage/BlobStore.h"

#include <memory>
#include <string>

namespace nestbox::server {

struct S3Config;

// Direct storage (storage.mode = direct): every body lives in the S3-compatible bucket and API
// nodes keep none. A chunked upload is one multipart upload on the blob's own key
// (blobs/<sha256>): each chunk becomes a part, checked by the store against the chunk's SHA-256;
// completing it assembles the object, which is then read back through SHA-256 before any file
// may point at it. One-request uploads go to staging/<id> first (their hash is known only at the
// end) and are copied to blobs/<sha256> on the server side. Thumbnails are objects too
// (thumbnails/<sha256>-<edge>.jpg), so any node serves them. `scratchDir` (under data.dir) only
// holds a worker's temporary copy of an image while the thumbnailer reads it.
std::unique_ptr<BlobStore> makeDirectBlobStore(const std::string& dataDir, const S3Config& config);

} // namespace nestbox::server

#include "storage/ObjectStoreKeys.h"

#include "nestbox/Sha256.h"
#include "service/ServiceError.h"
#include "storage/s3/S3Client.h"
#include "storage/s3/S3Error.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <Poco/Logger.h>

#include <algorithm>

namespace nestbox::server {

std::string blobObjectKey(const std::string& sha256)
{
    if (!isSha256Hex(sha256))
        throw ServiceError(ErrorCode::InvalidSha256, "not a SHA-256");
    return "blobs/" + sha256;
}

std::string thumbnailObjectKey(const std::string& sha256, int edge)
{
    if (!isSha256Hex(sha256) || (edge != 256 && edge != 1280))
        throw ServiceError(ErrorCode::InvalidParameter, "no such thumbnail");
    return "thumbnails/" + sha256 + "-" + std::to_string(edge) + ".jpg";
}

std::string stagingObjectKey(const std::string& stagingId)
{
    // Only server-made ids (32 lower-case hex digits) ever name a key.
    const bool ok = stagingId.size() == 32 && std::all_of(stagingId.begin(), stagingId.end(), [](char c) {
                        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                    });
    if (!ok)
        throw ServiceError(ErrorCode::NotFound, "no such upload");
    return "staging/" + stagingId;
}

std::vector<BlobStore::Entry> listObjectEntries(S3Client& s3, const std::string& prefix)
{
    std::vector<BlobStore::Entry> out;
    const Poco::Timestamp now;
    std::string token;
    do {
        S3ListPage page = s3.listObjectsV2(prefix, token);
        for (const S3ObjectInfo& object : page.objects) {
            if (object.key.size() <= prefix.size())
                continue;
            Poco::DateTime modified;
            int tz = 0;
            std::int64_t age = 0;
            if (Poco::DateTimeParser::tryParse(object.lastModified, modified, tz))
                age = (now - modified.timestamp()) / Poco::Timestamp::resolution();
            out.push_back({object.key.substr(prefix.size()), object.size, age});
        }
        token = page.nextContinuationToken;
    } while (!token.empty());
    return out;
}

void objectStoreUnavailable(const S3Error& e)
{
    Poco::Logger::get("nestbox.storage").warning("object store: %s", std::string(e.what()));
    throw ServiceError(ErrorCode::Unavailable, "the object store is not answering; try again shortly");
}

} // namespace nestbox::server

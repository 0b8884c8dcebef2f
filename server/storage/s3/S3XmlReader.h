#pragma once

#include "S3Types.h"

#include <optional>
#include <string>

namespace nestbox::server {

// Reads the XML bodies S3 answers with, through Poco::XML's DOM parser (external entities off).
// Bodies are small (an error, one list page), so they are parsed whole. Throws S3Error
// ("MalformedResponse") on XML it cannot read. Stateless.
class S3XmlReader {
public:
    struct ErrorBody {
        std::string code;
        std::string message;
        std::string requestId;
    };
    // The <Error> document, or nothing when `xml` is not one.
    static std::optional<ErrorBody> error(const std::string& xml);
    static std::string uploadId(const std::string& xml);
    // The <ETag> of a CompleteMultipartUploadResult, quotes stripped (may be empty: Ceph 16).
    static std::string completedEtag(const std::string& xml);

    struct PartsPage {
        std::vector<S3PartInfo> parts;
        bool truncated = false;
        int nextPartNumberMarker = 0;
    };
    static PartsPage listParts(const std::string& xml);
    static S3ListPage listObjectsV2(const std::string& xml);

    struct UploadsPage {
        std::vector<S3MultipartInfo> uploads;
        bool truncated = false;
        std::string nextKeyMarker;
        std::string nextUploadIdMarker;
    };
    static UploadsPage listMultipartUploads(const std::string& xml);

    static std::string unquote(const std::string& etag);
};

} // namespace nestbox::server

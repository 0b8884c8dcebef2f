#include "service/MimeSniffer.h"

namespace nestbox::server {

namespace {

bool startsWith(std::string_view data, std::string_view prefix, std::size_t at = 0)
{
    return data.size() >= at + prefix.size() && data.substr(at, prefix.size()) == prefix;
}

MimeType isoMedia(std::string_view head)
{
    // ISO base media: size(4) "ftyp" brand(4)
    const std::string_view brand = head.substr(8, 4);
    for (std::string_view heic : {"heic", "heix", "hevc", "heim", "heis", "hevm", "hevs"})
        if (brand == heic)
            return {"image/heic", "image"};
    for (std::string_view heif : {"mif1", "msf1"})
        if (brand == heif)
            return {"image/heif", "image"};
    if (brand == "avif" || brand == "avis")
        return {"image/avif", "image"};
    if (brand == "qt  ")
        return {"video/quicktime", "video"};
    if (startsWith(brand, "3gp"))
        return {"video/3gpp", "video"};
    return {"video/mp4", "video"};
}

} // namespace

MimeType sniffMime(std::string_view head)
{
    if (startsWith(head, "\xFF\xD8\xFF"))
        return {"image/jpeg", "image"};
    if (startsWith(head, "\x89PNG\r\n\x1A\n"))
        return {"image/png", "image"};
    if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a"))
        return {"image/gif", "image"};
    if (startsWith(head, "RIFF") && startsWith(head, "WEBP", 8))
        return {"image/webp", "image"};
    if (startsWith(head, "RIFF") && startsWith(head, "AVI ", 8))
        return {"video/x-msvideo", "video"};
    if (startsWith(head, std::string_view("II*\0", 4)) || startsWith(head, std::string_view("MM\0*", 4)))
        return {"image/tiff", "image"};
    if (startsWith(head, "BM"))
        return {"image/bmp", "image"};
    if (startsWith(head, "ftyp", 4) && head.size() >= 12)
        return isoMedia(head);
    if (startsWith(head, "\x1A\x45\xDF\xA3"))
        return {"video/x-matroska", "video"};
    if (startsWith(head, "%PDF-"))
        return {"application/pdf", "other"};
    if (startsWith(head, std::string_view("PK\x03\x04", 4)))
        return {"application/zip", "other"};
    return {"application/octet-stream", "other"};
}

} // namespace nestbox::server

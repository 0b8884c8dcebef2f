#include "S3XmlReader.h"

#include "S3Error.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/XMLReader.h>

namespace nestbox::server {

namespace {

using Poco::XML::Element;

Poco::AutoPtr<Poco::XML::Document> parse(const std::string& xml)
{
    Poco::XML::DOMParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    try {
        return parser.parseString(xml);
    } catch (const Poco::Exception& e) {
        throw S3Error(0, "MalformedResponse", "unreadable XML: " + e.displayText(), false);
    }
}

Element* root(Poco::XML::Document* doc, const std::string& name)
{
    Element* el = doc->documentElement();
    if (!el || el->localName() != name)
        throw S3Error(0, "MalformedResponse", "expected <" + name + ">", false);
    return el;
}

// Text of the first child element named `name` (by local name, so the S3 namespace does not matter).
std::string childText(Element* parent, const std::string& name)
{
    for (auto* node = parent->firstChild(); node; node = node->nextSibling()) {
        if (node->nodeType() == Poco::XML::Node::ELEMENT_NODE && node->localName() == name)
            return node->innerText();
    }
    return {};
}

std::int64_t toInt(const std::string& text)
{
    Poco::Int64 n = 0;
    if (!Poco::NumberParser::tryParse64(text, n))
        throw S3Error(0, "MalformedResponse", "not a number: '" + text + "'", false);
    return n;
}

template <typename F>
void forChildren(Element* parent, const std::string& name, F&& f)
{
    for (auto* node = parent->firstChild(); node; node = node->nextSibling()) {
        if (node->nodeType() == Poco::XML::Node::ELEMENT_NODE && node->localName() == name)
            f(static_cast<Element*>(node));
    }
}

} // namespace

std::string S3XmlReader::unquote(const std::string& etag)
{
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
        return etag.substr(1, etag.size() - 2);
    return etag;
}

std::optional<S3XmlReader::ErrorBody> S3XmlReader::error(const std::string& xml)
{
    if (xml.find("<Error") == std::string::npos)
        return std::nullopt;
    Poco::AutoPtr<Poco::XML::Document> doc;
    try {
        doc = parse(xml);
    } catch (const S3Error&) {
        return std::nullopt;
    }
    Element* el = doc->documentElement();
    if (!el || el->localName() != "Error")
        return std::nullopt;
    return ErrorBody{childText(el, "Code"), childText(el, "Message"), childText(el, "RequestId")};
}

std::string S3XmlReader::uploadId(const std::string& xml)
{
    auto doc = parse(xml);
    const std::string id = childText(root(doc, "InitiateMultipartUploadResult"), "UploadId");
    if (id.empty())
        throw S3Error(0, "MalformedResponse", "no UploadId in InitiateMultipartUploadResult", false);
    return id;
}

std::string S3XmlReader::completedEtag(const std::string& xml)
{
    auto doc = parse(xml);
    return unquote(childText(root(doc, "CompleteMultipartUploadResult"), "ETag"));
}

S3XmlReader::PartsPage S3XmlReader::listParts(const std::string& xml)
{
    auto doc = parse(xml);
    Element* el = root(doc, "ListPartsResult");
    PartsPage page;
    page.truncated = childText(el, "IsTruncated") == "true";
    const std::string marker = childText(el, "NextPartNumberMarker");
    page.nextPartNumberMarker = marker.empty() ? 0 : static_cast<int>(toInt(marker));
    forChildren(el, "Part", [&](Element* part) {
        page.parts.push_back({static_cast<int>(toInt(childText(part, "PartNumber"))),
                              unquote(childText(part, "ETag")), toInt(childText(part, "Size"))});
    });
    return page;
}

S3XmlReader::UploadsPage S3XmlReader::listMultipartUploads(const std::string& xml)
{
    auto doc = parse(xml);
    Element* el = root(doc, "ListMultipartUploadsResult");
    UploadsPage page;
    forChildren(el, "Upload", [&](Element* item) {
        page.uploads.push_back({childText(item, "Key"), childText(item, "UploadId"), childText(item, "Initiated")});
    });
    page.truncated = childText(el, "IsTruncated") == "true";
    page.nextKeyMarker = childText(el, "NextKeyMarker");
    page.nextUploadIdMarker = childText(el, "NextUploadIdMarker");
    return page;
}

S3ListPage S3XmlReader::listObjectsV2(const std::string& xml)
{
    auto doc = parse(xml);
    Element* el = root(doc, "ListBucketResult");
    S3ListPage page;
    forChildren(el, "Contents", [&](Element* item) {
        page.objects.push_back({childText(item, "Key"), toInt(childText(item, "Size")),
                                unquote(childText(item, "ETag")), childText(item, "LastModified")});
    });
    forChildren(el, "CommonPrefixes", [&](Element* item) { page.commonPrefixes.push_back(childText(item, "Prefix")); });
    if (childText(el, "IsTruncated") == "true") {
        page.nextContinuationToken = childText(el, "NextContinuationToken");
        if (page.nextContinuationToken.empty())
            throw S3Error(0, "MalformedResponse", "truncated listing without NextContinuationToken", false);
    }
    return page;
}

} // namespace nestbox::server

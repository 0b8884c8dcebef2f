#include "Json.h"

#include "BenchError.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

namespace json {

Poco::JSON::Object::Ptr parseObject(const std::string& text, const std::string& what)
{
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var value = parser.parse(text);
        auto object = value.extract<Poco::JSON::Object::Ptr>();
        if (!object)
            throw BenchError(what + ": JSON body is not an object: " + text.substr(0, 300));
        return object;
    } catch (const Poco::BadCastException&) {
        throw BenchError(what + ": JSON body is not an object: " + text.substr(0, 300));
    } catch (const Poco::Exception& e) {
        throw BenchError(what + ": body is not JSON (" + e.displayText() + "): " + text.substr(0, 300));
    }
}

std::string stringify(const Poco::JSON::Object& object)
{
    std::ostringstream os;
    object.stringify(os);
    return os.str();
}

Poco::JSON::Object::Ptr object(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what)
{
    auto child = parent ? parent->getObject(key) : nullptr;
    if (!child)
        throw BenchError(what + ": no object member \"" + key + "\"");
    return child;
}

Poco::JSON::Array::Ptr array(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what)
{
    auto child = parent ? parent->getArray(key) : nullptr;
    if (!child)
        throw BenchError(what + ": no array member \"" + key + "\"");
    return child;
}

std::string string(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what)
{
    if (!parent || !parent->has(key) || parent->isNull(key))
        throw BenchError(what + ": no string member \"" + key + "\"");
    try {
        return parent->getValue<std::string>(key);
    } catch (const Poco::Exception& e) {
        throw BenchError(what + ": member \"" + key + "\" is not a string: " + e.displayText());
    }
}

std::int64_t integer(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what)
{
    if (!parent || !parent->has(key) || parent->isNull(key))
        throw BenchError(what + ": no integer member \"" + key + "\"");
    try {
        return parent->getValue<Poco::Int64>(key);
    } catch (const Poco::Exception& e) {
        throw BenchError(what + ": member \"" + key + "\" is not an integer: " + e.displayText());
    }
}

bool isNull(const Poco::JSON::Object::Ptr& parent, const std::string& key)
{
    return !parent || !parent->has(key) || parent->isNull(key);
}

} // namespace json

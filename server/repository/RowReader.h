#pragma once

#include <Poco/Data/RecordSet.h>
#include <Poco/Exception.h>

#include <cstdint>
#include <optional>
#include <string>

namespace nestbox::server {

// Typed reads from a RecordSet that behave the same on SQLite and MySQL.

inline std::string text(const Poco::Data::RecordSet& rs, std::size_t col, std::size_t row)
{
    if (rs.isNull(col, row))
        return {};
    return rs.value(col, row).convert<std::string>();
}

inline std::int64_t integer(const Poco::Data::RecordSet& rs, std::size_t col, std::size_t row)
{
    if (rs.isNull(col, row))
        return 0;
    return rs.value(col, row).convert<Poco::Int64>();
}

inline std::optional<std::int64_t> optionalInteger(const Poco::Data::RecordSet& rs, std::size_t col,
                                                   std::size_t row)
{
    if (rs.isNull(col, row))
        return std::nullopt;
    return rs.value(col, row).convert<Poco::Int64>();
}

// A unique or primary key was violated (SQLite and MySQL spell it differently).
inline bool isDuplicateKey(const Poco::Exception& e)
{
    const std::string text = e.displayText();
    return text.find("UNIQUE constraint") != std::string::npos || text.find("Duplicate entry") != std::string::npos
        || text.find("constraint failed") != std::string::npos;
}

} // namespace nestbox::server

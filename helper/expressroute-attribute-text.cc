// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-attribute-text.h"

#include "expressroute-scenario-loader.h"

#include "ns3/attribute.h"
#include "ns3/object.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace ns3
{
namespace expressroute
{

namespace
{

/// The " from MIN to MAX" of a numeric checker ("uint32_t 1:16"), or "".
std::string
CheckerRange(const AttributeChecker& checker)
{
    const std::string info = checker.GetUnderlyingTypeInformation();
    const auto space = info.rfind(' ');
    const auto colon = info.rfind(':');
    if (space == std::string::npos || colon == std::string::npos || colon < space)
    {
        return "";
    }
    return " from " + info.substr(space + 1, colon - space - 1) + " to " + info.substr(colon + 1);
}

/// True when @p text is 1 to 20 decimal digits, after a '-' when @p sign allows one.
bool
IsDecimal(const std::string& text, bool sign)
{
    const std::size_t first = sign && !text.empty() && text[0] == '-' ? 1 : 0;
    return text.size() > first && text.size() <= first + 20 &&
           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(first), text.end(), [](char c) {
               return c >= '0' && c <= '9';
           });
}

} // namespace

std::string
AttributeExpectation(const AttributeChecker& checker)
{
    const std::string type = checker.GetValueTypeName();
    if (type == "ns3::UintegerValue" || type == "ns3::IntegerValue")
    {
        return "must be a whole number" + CheckerRange(checker);
    }
    if (type == "ns3::DoubleValue")
    {
        return "must be a number" + CheckerRange(checker);
    }
    if (type == "ns3::TimeValue")
    {
        return "must be a duration of zero or more, such as \"5ms\" (a number and one of the "
               "units ns, us, ms, s, min, h)";
    }
    if (type == "ns3::BooleanValue")
    {
        return "must be true or false";
    }
    return "";
}

bool
IsAttributeTextWellFormed(const std::string& text, const AttributeChecker& checker)
{
    const std::string type = checker.GetValueTypeName();
    if (type == "ns3::UintegerValue" || type == "ns3::IntegerValue")
    {
        return IsDecimal(text, type == "ns3::IntegerValue");
    }
    if (type == "ns3::DoubleValue")
    {
        char* end = nullptr;
        const double d = text.empty() ? NAN : std::strtod(text.c_str(), &end);
        return end == text.c_str() + text.size() && std::isfinite(d) &&
               text.find_first_of("xXnN \t") == std::string::npos;
    }
    if (type == "ns3::TimeValue")
    {
        return ParseDuration(text).has_value();
    }
    if (type == "ns3::BooleanValue")
    {
        return text == "true" || text == "false" || text == "1" || text == "0";
    }
    return true;
}

std::string
CheckAttributeDefault(const std::string& typeName,
                      const std::string& name,
                      const std::string& text)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        return "unknown type " + typeName + " (--PrintTypeIds lists them)";
    }
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        return typeName + " has no attribute " + name + " (--PrintAttributes=" + typeName +
               " lists them)";
    }
    const std::string expected = AttributeExpectation(*info.checker);
    auto value = info.checker->Create();
    if (!IsAttributeTextWellFormed(text, *info.checker) ||
        !value->DeserializeFromString(text, info.checker) || !info.checker->Check(*value))
    {
        return expected.empty() ? "expected " + info.checker->GetUnderlyingTypeInformation()
                                : expected;
    }
    const std::string valueType = info.checker->GetValueTypeName();
    if (valueType == "TypeIdValue" || valueType == "ns3::TypeIdValue") // ns-3 3.37 says the first
    {
        // Any registered TypeId deserializes, and ns-3 aborts when it creates one of the wrong
        // kind (--ns3::TcpL4Protocol::SocketType=ns3::Object): the type must be of the kind of
        // the default (below ns3::Object: a TcpCongestionOps for SocketType) and constructible.
        const TypeId given = DynamicCast<TypeIdValue>(value)->Get();
        const auto initial = DynamicCast<const TypeIdValue>(info.initialValue);
        TypeId kind = initial ? initial->Get() : TypeId();
        while (kind.GetUid() != 0 && kind.GetParent() != kind &&
               kind.GetParent() != Object::GetTypeId() && kind.GetParent() != ObjectBase::GetTypeId())
        {
            kind = kind.GetParent();
        }
        if (typeName == "ns3::TcpL4Protocol" && name == "SocketType")
        {
            // ns-3 3.37 declares its default, TcpCubic, a child of TcpSocketBase; it is a
            // TcpCongestionOps (the default itself is accepted below).
            kind = TypeId::LookupByName("ns3::TcpCongestionOps");
        }
        const bool hasKind = kind.GetUid() != 0 && kind != Object::GetTypeId() &&
                             kind != ObjectBase::GetTypeId();
        const bool ofKind =
            !hasKind || given == kind || given.IsChildOf(kind) || given == initial->Get();
        if (!ofKind || !given.HasConstructor())
        {
            return "expected a type that can be created" +
                   (hasKind ? " and is a " + kind.GetName() + " (such as " +
                                  initial->Get().GetName() + ")"
                            : std::string()) +
                   ", got " + given.GetName();
        }
    }
    return "";
}

} // namespace expressroute
} // namespace ns3

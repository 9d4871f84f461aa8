// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-communities.h"

#include "expressroute-limits.h"

#include <algorithm>
#include <utility>

namespace ns3
{
namespace expressroute
{

namespace
{

constexpr uint32_t
Microsoft(uint32_t value)
{
    return kMicrosoftAsn << 16 | value;
}

/// Regional communities, references.md §4 (RT, 2018 revision, the English table).
const std::vector<std::pair<std::string, uint32_t>>&
RegionalTable()
{
    static const std::vector<std::pair<std::string, uint32_t>> table{
        {"East US", 51004}, {"East US 2", 51005}, {"West US", 51006}, {"West US 2", 51026},
        {"West Central US", 51027}, {"North Central US", 51007}, {"South Central US", 51008},
        {"Central US", 51009}, {"Canada Central", 51020}, {"Canada East", 51021},
        {"Brazil South", 51014}, {"North Europe", 51003}, {"West Europe", 51002},
        {"UK South", 51024}, {"UK West", 51025}, {"France Central", 51030},
        {"France South", 51031}, {"East Asia", 51010}, {"Southeast Asia", 51011},
        {"Japan East", 51012}, {"Japan West", 51013}, {"Australia East", 51015},
        {"Australia Southeast", 51016}, {"Australia Central", 51032},
        {"Australia Central 2", 51033}, {"Central India", 51017}, {"West India", 51018},
        {"South India", 51019}, {"Korea South", 51028}, {"Korea Central", 51029},
        {"US Gov Virginia", 51105}, {"US Gov Iowa", 51109}, {"US Gov Arizona", 51106},
        {"US Gov Texas", 51108}, {"US DoD East", 51205}, {"US DoD Central", 51209}};
    return table;
}

} // namespace

std::string
FormatCommunity(uint32_t community)
{
    return std::to_string(community >> 16) + ":" + std::to_string(community & 0xffffu);
}

std::optional<uint32_t>
ParseCommunity(const std::string& text)
{
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() || colon > 5 ||
        text.size() - colon - 1 > 5)
    {
        return std::nullopt;
    }
    auto number = [](const std::string& s) -> std::optional<uint32_t> {
        auto digit = [](char c) { return c >= '0' && c <= '9'; };
        if (s.empty() || !std::all_of(s.begin(), s.end(), digit))
        {
            return std::nullopt;
        }
        const uint32_t v = static_cast<uint32_t>(std::stoul(s));
        return v <= 0xffffu ? std::optional<uint32_t>(v) : std::nullopt;
    };
    auto high = number(text.substr(0, colon));
    auto low = number(text.substr(colon + 1));
    if (!high || !low)
    {
        return std::nullopt;
    }
    return *high << 16 | *low;
}

std::optional<uint32_t>
RegionalCommunity(const std::string& region)
{
    for (const auto& [name, value] : RegionalTable())
    {
        if (name == region)
        {
            return Microsoft(value);
        }
    }
    return std::nullopt;
}

std::vector<std::string>
RegionsWithCommunity()
{
    std::vector<std::string> names;
    for (const auto& [name, value] : RegionalTable())
    {
        names.push_back(name);
    }
    return names;
}

const std::vector<MicrosoftService>&
MicrosoftServices()
{
    // Service communities, references.md §4 (RT).
    static const std::vector<MicrosoftService> services{
        {"Exchange", Microsoft(5010)},           {"SharePoint", Microsoft(5020)},
        {"SkypeForBusiness", Microsoft(5030)},   {"Dynamics365", Microsoft(5040)},
        {"AzureGlobalServices", Microsoft(5050)}, {"OtherOffice365", Microsoft(5100)}};
    return services;
}

std::optional<uint32_t>
ServiceCommunity(const std::string& service)
{
    for (const auto& s : MicrosoftServices())
    {
        if (s.name == service)
        {
            return s.community;
        }
    }
    return std::nullopt;
}

std::optional<Ipv4Prefix>
StandInPrefix(uint32_t community)
{
    if (community >> 16 != kMicrosoftAsn)
    {
        return std::nullopt;
    }
    const uint32_t value = community & 0xffffu;
    const uint32_t base = 20u << 24;
    for (const auto& [name, v] : RegionalTable())
    {
        if (v == value)
        {
            return Ipv4Prefix{base | 192u << 16 | (value - 51000u) << 8, 24};
        }
    }
    for (const auto& s : MicrosoftServices())
    {
        if (s.community == community)
        {
            return Ipv4Prefix{base | 193u << 16 | (value - 5000u) / 10u << 8, 24};
        }
    }
    return std::nullopt;
}

std::optional<uint32_t>
ParseRouteFilterRule(const std::string& rule)
{
    if (auto c = RegionalCommunity(rule))
    {
        return c;
    }
    if (auto c = ServiceCommunity(rule))
    {
        return c;
    }
    if (auto c = ParseCommunity(rule); c && StandInPrefix(*c))
    {
        return c;
    }
    return std::nullopt;
}

} // namespace expressroute
} // namespace ns3

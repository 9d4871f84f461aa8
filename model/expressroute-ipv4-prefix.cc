// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-ipv4-prefix.h"

#include <cstdio>

namespace ns3
{
namespace expressroute
{

std::string
FormatIpv4(uint32_t addr)
{
    char buf[16];
    std::snprintf(buf,
                  sizeof(buf),
                  "%u.%u.%u.%u",
                  (addr >> 24) & 0xff,
                  (addr >> 16) & 0xff,
                  (addr >> 8) & 0xff,
                  addr & 0xff);
    return buf;
}

std::optional<uint32_t>
ParseIpv4(const std::string& text)
{
    uint32_t out = 0;
    int octets = 0;
    std::size_t i = 0;
    while (octets < 4)
    {
        if (i >= text.size() || text[i] < '0' || text[i] > '9')
        {
            return std::nullopt;
        }
        uint32_t v = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
        {
            v = v * 10 + static_cast<uint32_t>(text[i] - '0');
            ++i;
            if (++digits > 3 || v > 255)
            {
                return std::nullopt;
            }
        }
        out = (out << 8) | v;
        ++octets;
        if (octets < 4)
        {
            if (i >= text.size() || text[i] != '.')
            {
                return std::nullopt;
            }
            ++i;
        }
    }
    if (i != text.size())
    {
        return std::nullopt;
    }
    return out;
}

std::string
Ipv4Prefix::ToString() const
{
    return FormatIpv4(address) + "/" + std::to_string(length);
}

std::optional<Ipv4Prefix>
Ipv4Prefix::Parse(const std::string& text, std::string* why)
{
    const auto slash = text.find('/');
    if (slash == std::string::npos)
    {
        if (why)
        {
            *why = "expected a prefix like 10.1.0.0/16";
        }
        return std::nullopt;
    }
    const auto addr = ParseIpv4(text.substr(0, slash));
    const std::string len = text.substr(slash + 1);
    if (!addr || len.empty() || len.size() > 2 ||
        len.find_first_not_of("0123456789") != std::string::npos || std::stoi(len) > 32)
    {
        if (why)
        {
            *why = "expected a prefix like 10.1.0.0/16";
        }
        return std::nullopt;
    }
    Ipv4Prefix p{*addr, static_cast<uint8_t>(std::stoi(len))};
    if ((p.address & p.Mask()) != p.address)
    {
        if (why)
        {
            *why = "host bits are set (did you mean " + FormatIpv4(p.address & p.Mask()) + "/" +
                   len + "?)";
        }
        return std::nullopt;
    }
    return p;
}

} // namespace expressroute
} // namespace ns3

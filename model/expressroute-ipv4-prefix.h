// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_IPV4_PREFIX_H
#define EXPRESSROUTE_IPV4_PREFIX_H

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{
namespace expressroute
{

/**
 * An IPv4 prefix as a host-order address and a length, e.g. 10.1.0.0/16. Small and cheap to
 * copy: the FIB, the scenario loader and BGP all use it.
 */
struct Ipv4Prefix
{
    uint32_t address{0}; ///< network address, host byte order, host bits zero
    uint8_t length{0};   ///< 0..32

    /// Mask for @p length, host byte order.
    static constexpr uint32_t MaskOf(uint8_t length)
    {
        return length == 0 ? 0u : (0xffffffffu << (32 - length));
    }

    uint32_t Mask() const { return MaskOf(length); }

    /// True when @p addr (host order) is inside the prefix.
    bool Contains(uint32_t addr) const { return (addr & Mask()) == address; }

    /// True when the two prefixes share at least one address.
    bool Overlaps(const Ipv4Prefix& o) const
    {
        const uint8_t l = length < o.length ? length : o.length;
        return (address & MaskOf(l)) == (o.address & MaskOf(l));
    }

    /// Number of addresses in the prefix.
    uint64_t Size() const { return 1ull << (32 - length); }

    /// The @p i-th address of the prefix (0 = network address).
    uint32_t At(uint64_t i) const { return address + static_cast<uint32_t>(i); }

    bool operator==(const Ipv4Prefix& o) const
    {
        return address == o.address && length == o.length;
    }

    bool operator<(const Ipv4Prefix& o) const
    {
        return address != o.address ? address < o.address : length < o.length;
    }

    /// "a.b.c.d/len".
    std::string ToString() const;

    /// Parses "a.b.c.d/len". Returns nullopt on syntax errors or when host bits are set
    /// (the caller names the field; @p why, if given, receives the reason).
    static std::optional<Ipv4Prefix> Parse(const std::string& text, std::string* why = nullptr);
};

/// Formats a host-order IPv4 address as dotted quad.
std::string FormatIpv4(uint32_t addr);

/// Parses a dotted quad into host order.
std::optional<uint32_t> ParseIpv4(const std::string& text);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_IPV4_PREFIX_H

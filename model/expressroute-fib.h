// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FIB_H
#define EXPRESSROUTE_FIB_H

#include "expressroute-ipv4-prefix.h"

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// Where a route came from; on the same prefix the lower value wins (administrative distance).
enum class RouteSource : uint8_t
{
    Connected = 0,
    Static = 1,
    Bgp = 2,
    Igp = 3,
};

/// One next hop: an outgoing interface and a gateway (0 when the destination is on-link), and
/// optionally a tunnel endpoint: the packet is then carried IP-in-IP to that address (a BGP
/// next hop reached across the backbone).
struct NextHop
{
    uint32_t interface{0};
    uint32_t gateway{0}; ///< host byte order
    uint32_t tunnel{0};  ///< host byte order; 0 = no tunnel

    bool operator==(const NextHop& o) const
    {
        return interface == o.interface && gateway == o.gateway && tunnel == o.tunnel;
    }
};

/// The selected route of one prefix.
struct FibEntry
{
    Ipv4Prefix prefix;
    RouteSource source{RouteSource::Static};
    std::vector<NextHop> nextHops; ///< more than one: equal-cost multipath
};

/**
 * Forwarding information base: longest-prefix match over IPv4 prefixes. One hash table per prefix
 * length, probed from /32 down over the lengths present only, so a lookup costs a few hash probes
 * whether the table holds ten prefixes or tens of thousands. Each prefix keeps one route per
 * source; the lowest source value is the one used.
 */
class Fib
{
  public:
    /// Installs or replaces the route of @p source for @p prefix. An empty next-hop list removes it.
    void Set(const Ipv4Prefix& prefix, RouteSource source, std::vector<NextHop> nextHops);
    /// Removes the route of @p source for @p prefix; returns false when there was none.
    bool Remove(const Ipv4Prefix& prefix, RouteSource source);
    /// Removes every route of @p source.
    void Clear(RouteSource source);

    /// Longest-prefix match for a host-order address; nullptr when nothing matches.
    const FibEntry* Lookup(uint32_t address) const;
    /// Exact match; nullptr when absent.
    const FibEntry* Find(const Ipv4Prefix& prefix) const;

    /// Number of prefixes with at least one route.
    std::size_t Size() const { return m_size; }
    /// Every selected entry, sorted by prefix (for printing and tests).
    std::vector<FibEntry> Entries() const;

  private:
    struct Slot
    {
        std::array<std::optional<std::vector<NextHop>>, 4> bySource;
        FibEntry selected;
    };

    void Reselect(Slot& slot) const;

    std::array<std::unordered_map<uint32_t, Slot>, 33> m_byLength;
    uint64_t m_lengthsPresent{0}; ///< bit L set when some prefix of length L is present
    std::size_t m_size{0};
};

/**
 * Picks one of @p n equal-cost next hops for a flow: a hash of the 5-tuple and a per-router
 * seed (so that consecutive routers do not make correlated choices). Deterministic.
 */
uint32_t SelectEcmpPath(uint32_t n,
                        uint32_t src,
                        uint32_t dst,
                        uint8_t protocol,
                        uint16_t srcPort,
                        uint16_t dstPort,
                        uint32_t seed);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FIB_H

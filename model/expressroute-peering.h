// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_PEERING_H
#define EXPRESSROUTE_PEERING_H

#include "expressroute-ipv4-prefix.h"
#include "expressroute-limits.h"
#include "expressroute-msee.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <optional>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * One peering of a circuit: Azure private or Microsoft (AzurePublic is deprecated, Microsoft documentation (doc/references.md)
 * §5). Each peering is a pair of BGP sessions, one per link, each on its own /30 and VLAN
 * (references.md §3, PEER, RT): the customer or provider router takes the first usable address of
 * the /30, the MSEE the second.
 */
class Peering : public Object
{
  public:
    static TypeId GetTypeId();

    PeeringType GetType() const { return m_type; }
    uint16_t GetVlan() const { return m_vlan; }
    uint32_t GetPeerAsn() const { return m_peerAsn; }
    bool IsBfdEnabled() const { return m_bfd; }
    /// Configured by the customer (or the provider for managed Layer3): its BGP sessions run
    /// once the circuit is provisioned (references.md §10).
    bool IsConfigured() const { return m_configured; }
    void SetConfigured(bool c) { m_configured = c; }
    Time GetHoldTime() const { return m_holdTime; }
    Time GetKeepaliveTime() const { return m_keepaliveTime; }
    Time GetConnectRetryTime() const { return m_connectRetry; }

    void SetSubnets(const Ipv4Prefix& primary, const Ipv4Prefix& secondary);
    const Ipv4Prefix& GetSubnet(LinkRole role) const;
    /// First usable address of the link's /30: the customer (or provider PE) side.
    uint32_t GetCustomerAddress(LinkRole role) const;
    /// Second usable address of the link's /30: the MSEE side.
    uint32_t GetMseeAddress(LinkRole role) const;

    /// Microsoft peering: the customer's public prefixes (NAT pool) advertised to Microsoft.
    const std::vector<Ipv4Prefix>& GetAdvertisedPublicPrefixes() const { return m_public; }
    void SetAdvertisedPublicPrefixes(std::vector<Ipv4Prefix> p) { m_public = std::move(p); }

    /// Microsoft peering: the communities the attached route filter allows; nullopt when no
    /// route filter is attached, and Microsoft then advertises nothing (references.md §5, FAQ).
    const std::optional<std::vector<uint32_t>>& GetRouteFilter() const { return m_routeFilter; }
    void SetRouteFilter(std::optional<std::vector<uint32_t>> f) { m_routeFilter = std::move(f); }

    /// Prefixes the MSEE accepts from the customer on one session before tearing it down.
    uint32_t GetMaxPrefixes(CircuitTier tier) const { return MaxCustomerPrefixes(m_type, tier); }

  private:
    PeeringType m_type{PeeringType::AzurePrivate};
    uint16_t m_vlan{0};
    uint32_t m_peerAsn{0};
    bool m_bfd{true};
    bool m_configured{true};
    Time m_holdTime;
    Time m_keepaliveTime;
    Time m_connectRetry;
    Ipv4Prefix m_primary;
    Ipv4Prefix m_secondary;
    std::vector<Ipv4Prefix> m_public;
    std::optional<std::vector<uint32_t>> m_routeFilter;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_PEERING_H

// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_CIRCUIT_H
#define EXPRESSROUTE_CIRCUIT_H

#include "expressroute-connectivity-provider.h"
#include "expressroute-limits.h"
#include "expressroute-msee.h"
#include "expressroute-peering.h"

#include "ns3/data-rate.h"
#include "ns3/net-device.h"
#include "ns3/object.h"

#include <array>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * An ExpressRoute circuit: a redundant pair of links (primary, secondary) from the customer or
 * provider edge to the two MSEEs of a peering location, or with Metro to one MSEE at each of two
 * locations of one metro (references.md §3, §4). Each link carries the purchased bandwidth, so the
 * circuit carries up to twice that only while both links are up (references.md §2, FAQ). The SKU
 * tier sets the reach and the limits (references.md §1).
 */
class Circuit : public Object
{
  public:
    /// One of the two links, as built in the topology.
    struct Link
    {
        LinkRole role{LinkRole::Primary};
        std::string peeringLocation;
        Ptr<Msee> msee;
        Ptr<Node> edge;              ///< customer CE (Layer2/Direct) or provider PE (Layer3)
        Ptr<NetDevice> edgeDevice;   ///< edge side of the circuit link
        Ptr<NetDevice> mseeDevice;   ///< MSEE side of the circuit link
    };

    static TypeId GetTypeId();
    Circuit();

    const std::string& GetName() const { return m_name; }
    CircuitTier GetTier() const { return m_tier; }
    DataRate GetBandwidth() const { return m_bandwidth; }
    ProvisioningState GetProvisioningState() const { return m_provisioning; }
    /// The provider's provisioning moves on (the what-if timeline, references.md §10).
    void SetProvisioningState(ProvisioningState s) { m_provisioning = s; }
    /// Service key (s-key): the circuit's GUID, derived deterministically from its name.
    std::string GetServiceKey() const;

    void SetSite(const std::string& site) { m_site = site; }
    const std::string& GetSite() const { return m_site; }
    void SetProvider(Ptr<ConnectivityProvider> provider) { m_provider = provider; }
    Ptr<ConnectivityProvider> GetProvider() const { return m_provider; }

    void AddPeering(Ptr<Peering> peering) { m_peerings.push_back(peering); }
    const std::vector<Ptr<Peering>>& GetPeerings() const { return m_peerings; }
    /// nullptr when the circuit has no peering of that type.
    Ptr<Peering> GetPeering(PeeringType type) const;

    Link& GetLink(LinkRole role) { return m_links[role == LinkRole::Primary ? 0 : 1]; }
    const Link& GetLink(LinkRole role) const { return m_links[role == LinkRole::Primary ? 0 : 1]; }
    /// True when the two links terminate at two peering locations (ExpressRoute Metro).
    bool IsMetro() const { return m_links[0].peeringLocation != m_links[1].peeringLocation; }

    /// VNet (and Global Reach) links allowed by tier and bandwidth (LIM).
    uint32_t GetMaxVnetLinks() const { return MaxVnetLinks(m_tier, m_bandwidth.GetBitRate()); }

  protected:
    void DoDispose() override;

  private:
    std::string m_name;
    CircuitTier m_tier{CircuitTier::Standard};
    DataRate m_bandwidth;
    ProvisioningState m_provisioning{ProvisioningState::Provisioned};
    std::string m_site;
    Ptr<ConnectivityProvider> m_provider;
    std::vector<Ptr<Peering>> m_peerings;
    std::array<Link, 2> m_links;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_CIRCUIT_H

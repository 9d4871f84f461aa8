// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TOPOLOGY_BUILDER_H
#define EXPRESSROUTE_TOPOLOGY_BUILDER_H

// Turns a loaded Scenario into the model and its ns-3 network:
//  - a backbone router per Azure region, linked as the fitted backbone (doc/backbone.md);
//  - the MSEE pair of every used peering location, attached to the nearest region router with a
//    delay from distance;
//  - per site: CE router(s) and hosts on point-to-point LAN links carved from the site's first
//    prefix; per Layer3 circuit link a provider PE;
//  - per circuit two links (primary to the first MSEE, secondary to the second, or to the second
//    Metro location), each at the purchased bandwidth, addressed per peering with the customer on
//    the first usable address of each /30 and the MSEE on the second (references.md §3, RT);
//  - per VNet an ExpressRoute gateway attached to its region's router with the region's access
//    delay, and VM hosts behind it;
//  - per site link of the customer's WAN, a link between the two sites' first CE routers;
//  - FibRouting on every node, filled by the RouteComputer (Boost.Graph shortest paths).
// Infrastructure links take /30s from the scenario's infrastructure prefix (100.64.0.0/10 by
// default).

#include "expressroute-bgp-speaker.h"
#include "expressroute-route-computer.h"
#include "expressroute-scenario.h"
#include "expressroute-topology.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * Builds a Topology from a Scenario. Attributes hold the values the scenario does not set.
 */
class TopologyBuilder : public Object
{
  public:
    static TypeId GetTypeId();
    TopologyBuilder();
    ~TopologyBuilder() override;

    /// Builds the whole scenario. Throws ScenarioLoadError if the scenario cannot be built
    /// (e.g. a prefix too small for its hosts), naming the JSON path.
    Ptr<Topology> Build(const Scenario& scenario,
                        Ptr<Geography> geography,
                        Ptr<Backbone> backbone);

    /**
     * Builds only the backbone, with one measurement host per listed region attached through
     * the region's access delay (node "region/<name>/host"). Used by the latency tool and tests.
     */
    Ptr<Topology> BuildBackboneOnly(const std::vector<std::string>& regionHosts,
                                    Ptr<Geography> geography,
                                    Ptr<Backbone> backbone);

    /// The route targets of the last Build (prefix, origins, which nodes learn it).
    const std::vector<RouteComputer::Target>& GetRouteTargets() const { return m_targets; }

    /// (Re)computes and installs the routes of the last built topology.
    void InstallRoutes();

    /// How edge routes are made: BGP sessions (the model) or precomputed shortest paths
    /// (a quick static view, used by reachability checks that run no packets).
    enum class ControlPlane
    {
        Bgp,
        Static
    };

  private:
    Ptr<Node> NewNode(const std::string& name, NodeRole role);
    /// Creates the point-to-point link described by @p link (name, kind, rate, delay, circuit,
    /// role) between @p a and @p b, with one address pair per subinterface; returns its index.
    std::size_t Connect(Topology::Link link,
                        Ptr<Node> a,
                        Ptr<Node> b,
                        const std::vector<std::pair<uint32_t, uint32_t>>& addresses,
                        uint8_t prefixLength);
    /// The next /30 of the infrastructure prefix; past its end, scratch addresses that only
    /// count what the scenario needs (CheckInfrastructurePrefix then refuses it).
    std::pair<uint32_t, uint32_t> NextInfraPair();
    /// Throws ScenarioLoadError at /simulation/infrastructurePrefix, with the size needed, when
    /// the links built so far took more addresses than the prefix holds.
    void CheckInfrastructurePrefix() const;
    /// Throws std::invalid_argument naming the attribute when a link rate is zero.
    void CheckRates(Ptr<Backbone> backbone) const;
    void BuildBackbone();
    void BuildMsees(const Scenario& scenario);
    void BuildSites(const Scenario& scenario);
    void BuildCircuits(const Scenario& scenario);
    void BuildVnets(const Scenario& scenario);
    void BuildGlobalReach(const Scenario& scenario);
    /// Site-to-site VPN (expressroute-vpn-builder.cc): VPN gateways, the internet paths, their
    /// interior routes and BGP sessions.
    void BuildVpn(const Scenario& scenario);
    void PlanVpnRoutes();
    void BuildVpnBgp(const Scenario& scenario);
    /// The customer's WAN (expressroute-site-link-builder.cc): links between sites' CEs and
    /// their eBGP sessions.
    void BuildSiteLinks(const Scenario& scenario);
    void BuildSiteLinkBgp(const Scenario& scenario);
    /// Microsoft peering's data plane (expressroute-microsoft-builder.cc).
    void BuildMicrosoftPeering(const Scenario& scenario);
    void PlanMicrosoftRoutes();
    /// Microsoft carries a customer's public prefix to an MSEE of its Microsoft peering only
    /// while that MSEE has the customer's BGP route for it (Igp::FollowBgpRoute).
    void FollowCustomerPublicPrefixes();
    void PlanRoutes(const Scenario& scenario);
    void PlanInfrastructureRoutes();
    void PlanSiteRoutes();
    void BuildBgp(const Scenario& scenario);
    /// The node's BGP speaker, created with @p asn (router id: its first address) if needed.
    Ptr<BgpSpeaker> SpeakerOf(Ptr<Node> node, uint32_t asn);
    /// One side of a BGP session: the router, its ASN, its own settings (name, timers, role,
    /// domains, limits) and import policy.
    struct SessionSide
    {
        SessionSide(Ptr<Node> n, uint32_t a)
            : node(n),
              asn(a)
        {
        }

        Ptr<Node> node;
        uint32_t asn{0};
        BgpPeerConfig config;
        BgpPeerPolicy policy;
    };
    /**
     * A session between @p active, which connects from @p activeAddress, and @p passive, which
     * waits at @p passiveAddress: each side's addresses and peer ASN are the mirror of the
     * other's. Returns the peer indices on the active and the passive speaker.
     */
    std::pair<uint32_t, uint32_t> AddSession(SessionSide active,
                                             Ipv4Address activeAddress,
                                             SessionSide passive,
                                             Ipv4Address passiveAddress);
    void OriginateMicrosoftPrefixes(Ptr<BgpSpeaker> speaker,
                                    Ptr<Circuit> circuit,
                                    Ptr<Msee> msee,
                                    const std::string& domain);
    void AddDefaultRoute(Ptr<Node> host, const std::vector<std::size_t>& uplinks);
    /// The default route of a host at a site with several CE routers follows BFD on each
    /// uplink (expressroute-bfd-tracked-route.h); the CE routers answer.
    void TrackSiteHostRoutes();
    /// The node's BFD agent, created and installed on first use.
    Ptr<BfdAgent> BfdAgentOf(Ptr<Node> node);
    Ptr<Node> AttachHost(const std::string& name,
                         NodeRole role,
                         const std::vector<Ptr<Node>>& routers,
                         const Ipv4Prefix& space,
                         uint32_t index,
                         uint32_t count,
                         const std::string& path);

    Ptr<Topology> m_topology;
    Ptr<RouteComputer> m_routes;
    std::vector<RouteComputer::Target> m_targets;
    Ipv4Prefix m_infra;
    uint64_t m_infraNext{0};
    std::string m_source;
    DataRate m_lanRate;
    Time m_lanDelay;
    DataRate m_attachmentRate;
    DataRate m_accessRate;
    DataRate m_internetRate;
    double m_internetStretch{2.0};
    Time m_internetBaseDelay;
    double m_internetLoss{0};
    Time m_internetJitter;
    std::vector<std::size_t> m_internetLinks; ///< built by BuildVpn
    std::vector<RouteComputer::Target> m_microsoftTargets; ///< built by BuildMicrosoftPeering
    /// Of m_microsoftTargets, the customers' public prefixes (origins: their MSEEs).
    std::vector<std::size_t> m_customerPublicTargets;
    std::size_t m_microsoftTargetsAt{0}; ///< where m_microsoftTargets start in m_targets
    ControlPlane m_controlPlane{ControlPlane::Bgp};
    uint16_t m_infraMtu{9000};
    std::string m_interfaceQueue;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_TOPOLOGY_BUILDER_H

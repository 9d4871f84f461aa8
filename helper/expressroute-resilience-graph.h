// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_GRAPH_H
#define EXPRESSROUTE_RESILIENCE_GRAPH_H

// Resilience analysis without packets (doc/resilience.md): which single and double failures cut
// a site from a VNet, take away its redundancy, or leave less capacity than its demand.
// It lives in helper/, not model/: it reads a Scenario and builds no simulation objects (a
// static analysis for expressroute-resilience), and the model must not know the scenario format.
//
// What it models: the elements of a scenario that can fail, with the TopologyBuilder's path
// semantics but no ns-3 nodes. A site reaches a VNet over the *legs* of the circuits linked to
// that VNet: a leg is one circuit link, a fixed chain CE router -> [provider PE] -> circuit link
// -> MSEE, with the circuit's provider and the MSEE's peering location as correlated elements.
// Each MSEE attaches to the backbone router of its location's first Local region (else the
// nearest region), the backbone (a Boost.Graph of regions and links) carries the traffic to the
// VNet's region, whose router feeds the VNet's ExpressRoute gateway. Because the edge part is a
// set of chains, only the backbone needs general graph algorithms: connectivity and the bridges
// of the backbone left after a failure (BackboneView). A region's failure is the simulator's
// RegionOutage: its VNets (their gateways and VMs) go down, its backbone router does not, so
// the MSEEs attached to it and the transit through it stay up; no element fails a backbone
// router (the simulator has no failure that does).
//
// Files: this graph (elements, legs, site-VNet pairs, backbone views);
// expressroute-resilience-analysis.h (the effect of a failure set on a pair, enumeration of every
// single and double failure, max-flow capacity); expressroute-resiliency-score.h (Azure
// Resiliency Insights index per gateway); helper/expressroute-resilience-report.h (CSV, JSON and
// the printed digest).
//
// Site-to-site VPN connections are paths too (helper/expressroute-vpn-builder.cc): a chain first
// CE router -> internet path -> the VNet's VPN gateway -> the VNet, with no backbone and no
// ExpressRoute gateway on it (the VPN's traffic crosses that gateway's node outside its data
// path). ExpressRoute is preferred (LOCAL_PREF), so a VPN carries a pair only while every
// ExpressRoute leg of it is down. Global Reach adds no site-VNet path in the model (the MSEEs pass
// only the customer's routes between the two circuits; the gateway never learns a site through
// another site's circuit): it joins sites to sites (expressroute-resilience-site-pairs.h).
// A site link (the customer's WAN, eBGP between two sites' first CE routers) gives each site
// *transit legs*: the other site's legs, with the WAN link and both first CEs added. By AS_PATH
// length a site uses them only while its own legs are down, and before a VPN (LOCAL_PREF 50).
// Out of scope: WAN paths of more than one hop, Microsoft peering; the site LAN is assumed to
// reach every CE router.
// Fact sheet §3 (redundant pair), §4 (Metro, Layer3 PEs), §8 (resiliency levels and failure
// scenarios), §9 (Resiliency Insights).

#include "expressroute-limits.h"
#include "expressroute-msee.h"
#include "expressroute-scenario.h"

#include "ns3/ptr.h"

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Backbone;
class Geography;

/// What kind of element can fail (issue 7's list).
enum class ElementKind : uint8_t
{
    CeRouter,        ///< a site's customer edge router
    ProviderEdge,    ///< the PE of one link of a Layer3 provider's circuit
    CircuitLink,     ///< the primary or secondary link of a circuit
    Msee,            ///< one MSEE of a peering location
    PeeringLocation, ///< a whole edge site: both MSEEs and every circuit link there
    Provider,        ///< a connectivity provider: every circuit through it
    BackboneLink,    ///< a link of Microsoft's backbone
    Region,          ///< a region's VNets: their gateways and VMs (RegionOutage), not its router
    Gateway,         ///< a VNet's ExpressRoute gateway
    VpnGateway,      ///< a VNet's VPN gateway: every VPN connection to the VNet
    InternetPath,    ///< the internet path of one VPN connection (site to VPN gateway)
    SiteLink         ///< a link of the customer's WAN between two sites' first CE routers
};

/// The element kind as written in the outputs ("CeRouter", "PeeringLocation", ...).
std::string ToString(ElementKind kind);

/// A marker for "no element" / "no index".
constexpr uint32_t kNoIndex = std::numeric_limits<uint32_t>::max();

/// One element that can fail.
struct ResilienceElement
{
    ElementKind kind{ElementKind::CeRouter};
    /// Unique name, the ns-3 node or link name where one exists: "site/hq/ce1",
    /// "pe/att/c1/primary", "circuit/c1/primary", "msee/London/primary", "location/London",
    /// "provider/colt", "backbone/UK South--West Europe", "region/UK South", "vnet/v1/gateway",
    /// "vnet/v1/vpngw", "internet/hq-vpn", "wan/chi-dal".
    std::string name;
    /// Index into the table of its kind: site (CeRouter), leg (ProviderEdge, CircuitLink),
    /// location (Msee, PeeringLocation), provider, backbone link, region, VNet (Gateway,
    /// VpnGateway), VPN connection (InternetPath), site link (SiteLink).
    uint32_t index{0};

    bool IsBackbone() const { return kind == ElementKind::BackboneLink; }
};

/// One link of a circuit seen end to end: the chain of elements from the site to the backbone.
struct ResilienceLeg
{
    uint32_t circuit{0};
    LinkRole role{LinkRole::Primary};
    uint32_t location{0};      ///< peering location index
    uint32_t attachRegion{0};  ///< index (GetRegions) of the backbone router the MSEE attaches to
    uint64_t bandwidthBps{0};  ///< the circuit bandwidth: each link carries it (references.md §2)
    uint32_t ce{kNoIndex};     ///< element ids of the chain
    uint32_t pe{kNoIndex};     ///< kNoIndex unless the provider is Layer3
    uint32_t link{kNoIndex};
    uint32_t msee{kNoIndex};
    /// Every element whose failure takes this leg down: CE, PE, link, provider, MSEE, location
    /// (sorted). The attachment region is not one: its outage leaves its backbone router up.
    std::vector<uint32_t> elements;
    /// One-way delay from a site host to the MSEE's backbone router (host link, [access],
    /// circuit link, attachment), from the builder's delay model.
    double edgeDelayS{0};
    /// A transit leg: another site's leg reached over the WAN (kNoIndex for a site's own legs).
    /// Its elements add the site link and the first CE router at each end; its edge delay
    /// swaps the other site's host link for this site's and the WAN's delay.
    uint32_t siteLink{kNoIndex};
    uint32_t viaLeg{kNoIndex}; ///< the other site's own leg it rides
};

/// A link of the customer's WAN: eBGP between the first CE routers of two sites, so that a site
/// whose own circuits are down reaches a VNet through the other site's (one hop:
/// helper/expressroute-site-link-builder.cc).
struct ResilienceSiteLink
{
    std::string name;
    std::array<uint32_t, 2> sites{};
    uint64_t bandwidthBps{0};
    double delayS{0}; ///< one way: the scenario's, else the builder's distance rule
    uint32_t element{kNoIndex};
};

/// A site-to-site VPN connection: the site's first CE router, its internet path and the VNet's
/// VPN gateway (helper/expressroute-vpn-builder.cc).
struct ResilienceVpn
{
    std::string name;
    uint32_t site{0};
    uint32_t vnet{0};
    VpnGatewaySku sku{VpnGatewaySku::VpnGw1};
    /// What it can carry per direction: the SKU's throughput (GetVpnGatewaySkuInfo), at most
    /// the site's internet uplink (TopologyBuilder::InternetRate).
    uint64_t capacityBps{0};
    uint32_t ce{kNoIndex};       ///< element ids of the chain
    uint32_t internet{kNoIndex};
    uint32_t gateway{kNoIndex};  ///< the VNet's VpnGateway element
    std::vector<uint32_t> elements; ///< ce, internet, gateway, the VNet's region (sorted)
    /// Round trip from a site host to a VM over the VPN: the builder's internet delay (base +
    /// distance x stretch), its mean jitter, and the host and gateway-subnet links.
    double rttS{0};
    double internetS{0}; ///< one way over the internet path alone, mean jitter included
};

/// A circuit.
struct ResilienceCircuit
{
    std::string name;
    uint32_t site{0};
    uint32_t provider{0};
    CircuitTier tier{CircuitTier::Standard};
    uint64_t bandwidthBps{0};
    bool provisioned{true};   ///< a circuit not Provisioned carries nothing (§10)
    bool metro{false};        ///< links at two locations of one metro (§4)
    std::array<uint32_t, 2> legs{}; ///< primary, secondary
    std::vector<uint32_t> vnets;    ///< linked VNets
};

/// A site.
struct ResilienceSite
{
    std::string name;
    std::vector<uint32_t> ces;      ///< CE router element ids (1 or 2)
    std::vector<uint32_t> circuits; ///< circuits of the site, scenario order
};

/// A peering location used by the scenario.
struct ResilienceLocation
{
    std::string name;
    uint32_t attachRegion{0};
    uint32_t element{kNoIndex};
    std::array<uint32_t, 2> msees{}; ///< primary, secondary element ids
};

/// A connectivity provider.
struct ResilienceProvider
{
    std::string name;
    uint32_t element{kNoIndex};
};

/// A backbone router: one per region, and one per peering location that the backbone attaches
/// to several regions (data/peering-attachments.csv), named "pl/<location>" as in the topology.
/// No router fails (a location's with the location, whose MSEEs are its only users); a region
/// with VNets of the scenario is an element, whose failure is its VNets' (RegionOutage).
struct ResilienceRegion
{
    std::string name;
    std::string geopolitical;
    uint32_t element{kNoIndex}; ///< kNoIndex for a region without VNets and a location's router
    bool location{false};       ///< a peering location's router
};

/// A backbone link.
struct ResilienceBackboneLink
{
    uint32_t a{0}; ///< region indices
    uint32_t b{0};
    uint32_t element{kNoIndex};
};

/// A VNet and its ExpressRoute gateway.
struct ResilienceVnet
{
    std::string name;
    uint32_t region{0};
    uint32_t gateway{kNoIndex}; ///< element id
    uint32_t vpnGateway{kNoIndex}; ///< element id; kNoIndex without VPN connections
    ErGatewaySku sku{ErGatewaySku::ErGw1Az};
    uint64_t gatewayBps{0};     ///< GetErGatewaySkuInfo throughput (no burst, §2)
    bool fastPath{false};       ///< on-premises -> VM traffic bypasses the gateway (§6, FP)
};

/// A site and a VNet that some circuit of the site links, or a VPN connection joins: the unit
/// whose effects are reported.
struct SiteVnetPair
{
    uint32_t site{0};
    uint32_t vnet{0};
    std::vector<uint32_t> linkedLegs; ///< legs of the site's provisioned circuits linking the VNet
    std::vector<uint32_t> otherLegs;  ///< legs of the site's other provisioned circuits
    std::vector<uint32_t> vpns;       ///< VPN connections between the site and the VNet
    /// Transit legs: the legs of linked sites' circuits linking the VNet, over the WAN.
    std::vector<uint32_t> transitLegs;
    /// Round trip over the fastest linked leg with nothing failed (0 without legs).
    double erRttS{0};
    uint64_t demandToVnetBps{0};      ///< sum of ConstantRate traffic site -> VNet
    uint64_t demandFromVnetBps{0};    ///< sum of ConstantRate traffic VNet -> site
    /// Non-backbone elements any of whose failure can change the pair's state: every element of
    /// every leg and VPN above, the VNet's gateway and its region (sorted).
    std::vector<uint32_t> localElements;
    /// Attachment regions of all legs above (sorted, unique).
    std::vector<uint32_t> attachRegions;
};

/**
 * The backbone left after some of its links failed: connected components, and the cut elements
 * (bridges, from Boost's biconnected_components) with the components that remain after each one
 * alone fails. Answers "are a and b connected" and "which single further backbone failure
 * separates them" without a search per question.
 */
struct BackboneView
{
    /// Component label per backbone router (every router is up: no element fails one).
    std::vector<int32_t> component;
    /// A cut element of the remaining backbone and the component labels without it.
    struct Cut
    {
        uint32_t element{0};
        std::vector<int32_t> label;
    };

    std::vector<Cut> cuts;

    bool Connected(uint32_t a, uint32_t b) const { return component[a] == component[b]; }
    /// Appends to @p out the cut elements whose failure would separate @p a from @p b, which
    /// must be connected. In cut order, i.e. element id order.
    void AppendSeparators(uint32_t a, uint32_t b, std::vector<uint32_t>& out) const;
};

/**
 * The failable-element graph of one scenario. Built once; read-only afterwards.
 */
class ResilienceGraph
{
  public:
    /// Builds the graph. The scenario must have been validated by the loader.
    ResilienceGraph(const Scenario& scenario, Ptr<Geography> geography, Ptr<Backbone> backbone);

    const std::string& GetScenarioName() const { return m_scenarioName; }
    const std::vector<ResilienceElement>& GetElements() const { return m_elements; }
    const std::vector<ResilienceLeg>& GetLegs() const { return m_legs; }
    const std::vector<ResilienceCircuit>& GetCircuits() const { return m_circuits; }
    const std::vector<ResilienceSite>& GetSites() const { return m_sites; }
    const std::vector<ResilienceLocation>& GetLocations() const { return m_locations; }
    const std::vector<ResilienceProvider>& GetProviders() const { return m_providers; }
    const std::vector<ResilienceRegion>& GetRegions() const { return m_regions; }
    const std::vector<ResilienceBackboneLink>& GetBackboneLinks() const { return m_backboneLinks; }
    const std::vector<ResilienceVnet>& GetVnets() const { return m_vnets; }
    const std::vector<ResilienceVpn>& GetVpns() const { return m_vpns; }
    const std::vector<ResilienceSiteLink>& GetSiteLinks() const { return m_siteLinks; }
    const std::vector<SiteVnetPair>& GetPairs() const { return m_pairs; }
    /// The scenario's Global Reach connections (site-to-site pairs:
    /// expressroute-resilience-site-pairs.h).
    const std::vector<GlobalReachSpec>& GetGlobalReach() const { return m_globalReach; }

    /// Element id by name, or kNoIndex.
    uint32_t FindElement(const std::string& name) const;

    /// True when a circuit of @p tier at @p location may link a VNet in @p region (Microsoft documentation (doc/references.md)
    /// §1: Local only its Local regions, Standard its geopolitical region, Premium any).
    bool TierAllows(CircuitTier tier, uint32_t location, uint32_t region) const;

    /// Round trip from a site host to a VM of @p vnet over @p leg with nothing failed.
    double LegRttS(uint32_t leg, uint32_t vnet) const;
    /// One-way delay of the backbone's shortest path between two regions (Backbone::GetPathDelay).
    double BackboneDelayS(uint32_t a, uint32_t b) const;
    /// TopologyBuilder::LanDelay, of host links.
    double GetLanDelayS() const { return m_lanDelayS; }

    /// The backbone without the backbone links among @p failed; other element ids in @p failed
    /// are ignored.
    BackboneView ViewWithout(const std::vector<uint32_t>& failed) const;

  private:
    uint32_t AddElement(ElementKind kind, std::string name, uint32_t index);
    void BuildBackbone(Ptr<Backbone> backbone, const Scenario& scenario);
    void BuildSitesAndProviders(const Scenario& scenario);
    void BuildCircuits(const Scenario& scenario, Ptr<Geography> geography);
    void BuildVnets(const Scenario& scenario);
    /// The VPN connections' chains and delays; after the elements exist.
    void BuildVpns(const Scenario& scenario);
    /// The legs' edge delays, from the builder's delay model.
    void ComputeLegDelays(const Scenario& scenario, Ptr<Backbone> backbone);
    /// The site links' elements (after the VPNs'), then, once the legs are chained, the transit
    /// legs over them.
    void BuildSiteLinks(const Scenario& scenario, Ptr<Backbone> backbone);
    void BuildTransitLegs();
    void BuildPairs(const Scenario& scenario);
    uint32_t RegionIndex(const std::string& name) const;

    std::string m_scenarioName;
    Ptr<Geography> m_geography;
    Ptr<Backbone> m_backbone;
    std::vector<ResilienceElement> m_elements;
    std::vector<ResilienceLeg> m_legs;
    std::vector<ResilienceCircuit> m_circuits;
    std::vector<ResilienceSite> m_sites;
    std::vector<ResilienceLocation> m_locations;
    std::vector<ResilienceProvider> m_providers;
    std::vector<ResilienceRegion> m_regions;
    std::vector<ResilienceBackboneLink> m_backboneLinks;
    struct BoostBackbone;
    std::shared_ptr<BoostBackbone> m_boostBackbone; ///< the backbone as a Boost graph
    /// Per region: (neighbour region, backbone link index), every link.
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> m_adjacency;
    std::vector<ResilienceVnet> m_vnets;
    std::vector<ResilienceVpn> m_vpns;
    std::vector<ResilienceSiteLink> m_siteLinks;
    std::vector<SiteVnetPair> m_pairs;
    std::vector<GlobalReachSpec> m_globalReach;
    double m_lanDelayS{0}; ///< TopologyBuilder::LanDelay: host and gateway-subnet links
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_GRAPH_H

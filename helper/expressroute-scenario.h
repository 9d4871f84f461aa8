// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_H
#define EXPRESSROUTE_SCENARIO_H

// The scenario: what a user writes in a JSON file (doc/scenario.md), after parsing and
// validation by the ScenarioLoader. Plain data, no ns-3 objects: the TopologyBuilder turns it
// into the model. Every element keeps its JSON path ("/circuits/1") so that later stages can
// name it in messages. Optional fields left unset in the file stay std::nullopt here and take the
// model's attribute default when the topology is built: defaults live in GetTypeId() only.

#include "expressroute-ipv4-prefix.h"
#include "expressroute-limits.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// An on-premises site: one or two customer edge (CE) routers, hosts, prefixes.
struct SiteSpec
{
    std::string path;                  ///< JSON path, e.g. "/sites/0"
    std::string name;
    std::optional<std::string> nearPeeringLocation; ///< "location": a peering-location name
    double latitude{0};                ///< resolved from "location" or given as "coordinates"
    double longitude{0};
    uint32_t asn{0};                   ///< customer ASN (private or public; not 12076/65515-65520)
    std::vector<Ipv4Prefix> prefixes;  ///< on-premises address space (hosts are numbered in the first)
    std::optional<uint32_t> hosts;     ///< number of host nodes (default: attribute, 1)
    std::optional<uint32_t> ceRouters; ///< 1 or 2 CE routers (2: primary link on CE 1, secondary on CE 2)
};

/// A connectivity provider (references.md §4).
struct ProviderSpec
{
    std::string path;
    std::string name;
    ProviderKind kind{ProviderKind::CloudExchange};
    ProviderLayer layer{ProviderLayer::Layer2}; ///< Direct is always Layer2 (customer runs BGP)
};

/// One peering on a circuit.
struct PeeringSpec
{
    std::string path;                  ///< e.g. "/circuits/0/peerings/0"
    PeeringType type{PeeringType::AzurePrivate};
    Ipv4Prefix primarySubnet;          ///< /30 of the primary link (first usable: customer, second: MSEE)
    Ipv4Prefix secondarySubnet;        ///< /30 of the secondary link
    uint16_t vlan{0};                  ///< 1..4094
    std::optional<uint32_t> peerAsn;   ///< default: the site's ASN
    std::optional<bool> bfd;           ///< default: model attribute
    /// Path control by the customer (references.md §3, "Path control"): the router peering with
    /// the MSEEs prepends its ASN this many extra times to what it advertises on this peering
    /// (Azure then prefers another circuit), and gives what it learns here this LOCAL_PREF
    /// (it then prefers this circuit towards Azure); unset: 100, BGP's default.
    uint32_t prepend{0};
    std::optional<uint32_t> localPreference;
    bool configured{true};             ///< false: configured later on the timeline
    std::vector<Ipv4Prefix> advertisedPublicPrefixes; ///< Microsoft peering only: public, owned
    /// Microsoft peering only: the communities of the attached route filter; absent: no route
    /// filter, so Microsoft advertises nothing (references.md §5, FAQ).
    std::optional<std::vector<uint32_t>> routeFilter;
};

/// A link from a circuit to a VNet's ExpressRoute gateway (an Azure "connection").
struct VnetLinkSpec
{
    std::string path;                  ///< e.g. "/circuits/1/vnetLinks/3"
    std::string vnet;
    uint32_t weight{0};                ///< connection routing weight (references.md §3, DR)
};

/// An ExpressRoute circuit (references.md §1-§3).
struct CircuitSpec
{
    std::string path;
    std::string name;
    std::string site;
    std::string provider;
    std::string peeringLocation;                    ///< primary link's location
    std::optional<std::string> secondaryPeeringLocation; ///< Metro: the secondary link's location
    CircuitTier tier{CircuitTier::Standard};
    uint64_t bandwidthBps{0};
    std::optional<ProvisioningState> provisioningState; ///< default Provisioned
    std::vector<PeeringSpec> peerings;
    std::vector<VnetLinkSpec> vnetLinks;
};

/// ExpressRoute virtual network gateway of a VNet (references.md §6).
struct GatewaySpec
{
    ErGatewaySku sku{ErGatewaySku::ErGw1Az};
    std::optional<bool> fastPath;
    std::optional<uint32_t> scaleUnits; ///< ErGwScale only, 1..40
};

/// A virtual network in a region.
struct VnetSpec
{
    std::string path;
    std::string name;
    std::string region;
    std::vector<Ipv4Prefix> addressSpace;
    GatewaySpec gateway;
    std::optional<uint32_t> hosts; ///< number of VM hosts (default: attribute, 1)
};

/// Global Reach between the private peerings of two circuits (references.md §7).
struct GlobalReachSpec
{
    std::string path;
    std::string name;
    std::string circuitA;
    std::string circuitB;
    Ipv4Prefix subnet; ///< a /29 for the MSEE-to-MSEE interconnection
};

/// Site-to-site VPN between a site and a VNet's VPN gateway (references.md §7).
struct VpnConnectionSpec
{
    std::string path;
    std::string name;
    std::string site;
    std::string vnet;
    VpnGatewaySku sku{VpnGatewaySku::VpnGw1};
};

/// A link of the customer's own WAN between two sites' CE routers (the first CE of each), over
/// which the CEs run BGP: a site that loses its circuits reaches Azure through the other site's.
struct SiteLinkSpec
{
    std::string path;              ///< e.g. "/siteLinks/0"
    std::string name;              ///< as written, or "<siteA>--<siteB>"; failure target "wan/<name>"
    std::string siteA;
    std::string siteB;
    uint64_t bandwidthBps{0};
    std::optional<Time> delay;     ///< one-way; unset: from the sites' great-circle distance
    std::optional<bool> bfd;       ///< BFD on the WAN's BGP session; unset: as private peering's
};

/// Connection-monitor-style probe between a site host and a VNet host (references.md §9, CMON).
struct ProbeSpec
{
    std::string path;
    std::string name;
    std::string site;
    std::string vnet;
    std::optional<Time> interval;
    std::optional<std::string> protocol; ///< "Udp" or "Tcp"; default: model attribute
    /// Instead of a VNet: Microsoft's services of an Azure region, over Microsoft peering from
    /// the site's public host (vnet is then "microsoft/<region>").
    std::string service;
};

/// Kind of generated traffic.
enum class TrafficKind
{
    ConstantRate,   ///< UDP at a constant bit rate
    Bulk,           ///< TCP transfer of a number of bytes (or unlimited until stop)
    RequestResponse ///< TCP requests at a Poisson rate, each with its response
};

/// A message size: fixed (min == max), uniform (min..max) or exponential (mean, clamped).
struct SizeSpec
{
    uint32_t min{1000};
    uint32_t max{1000};
    double mean{0};
};

/// A daily rate profile for ConstantRate traffic: the rate follows a cosine between
/// minimum x rate (the trough) and rate (at the peak), with the given period.
struct DiurnalProfile
{
    Time period;        ///< e.g. 24h, or compressed (120s) for short runs
    Time peak;          ///< scenario time of the first peak
    double minimum{0.2}; ///< trough as a fraction of the rate, 0 < minimum <= 1
};

/// The fastest a traffic source may send: 400GbE, the fastest Ethernet port (and site link).
/// A faster one is a typo, and at packet level its gap between packets rounds to 0 ns, so that
/// simulated time (and the check for Ctrl-C) never advances.
constexpr uint64_t kMaxTrafficRateBps = 400'000'000'000ULL;

/// The loader's shortest intervals: a probe's (ProbeSender::Interval's checker), links.csv's
/// (a sample of a queue or rate over less says nothing), and a diurnal profile's period (its
/// rate is updated 96 times a period; below 96 ns a step was 0 and the run stood still).
inline const Time kMinProbeInterval = MicroSeconds(1);
inline const Time kMinLinkMetricsInterval = MilliSeconds(1);
inline const Time kMinDiurnalPeriod = Seconds(1);

/// Traffic between two endpoints, each a site or VNet name.
struct TrafficSpec
{
    std::string path;
    std::string name;
    std::string from;
    std::string to;
    TrafficKind kind{TrafficKind::ConstantRate};
    std::optional<uint64_t> rateBps;   ///< ConstantRate
    std::optional<uint32_t> packetSize; ///< bytes of UDP payload
    std::optional<uint64_t> bytes;      ///< Bulk: bytes to send (unset: until stop)
    Time start;
    std::optional<Time> stop;           ///< default: end of simulation
    std::optional<DiurnalProfile> diurnal; ///< ConstantRate only
    double requestsPerSecond{0};           ///< RequestResponse
    SizeSpec requestBytes;                 ///< RequestResponse
    SizeSpec responseBytes;                ///< RequestResponse
    std::string flowListFile; ///< kind FlowList while parsing; moved to Scenario::flowLists
};

/// A flow list to replay (traffic of kind FlowList): a CSV file of flows, expanded by the
/// loader into Bulk (tcp) and ConstantRate (udp) traffic named "<name>-<row>".
struct FlowListSpec
{
    std::string path; ///< e.g. "/traffic/3"
    std::string name;
    std::string file; ///< as written; relative to the scenario file's folder
};

/// A scheduled failure (the what-if timeline): a plug-in named by kind (the TypeId
/// ns3::expressroute::<kind>, a Failure), its target, start and optional duration, and the
/// values of its attributes.
struct FailureSpec
{
    std::string path;   ///< e.g. "/failures/0"
    std::string kind;   ///< e.g. "PeeringLocationOutage"
    std::string target; ///< e.g. "Amsterdam"
    Time start;
    std::optional<Time> duration; ///< unset: never clears
    /// attribute name (as the TypeId has it, e.g. "Mode") and value text, in document order
    std::vector<std::pair<std::string, std::string>> attributes;
};

/// Simulation-wide settings.
struct SimulationSpec
{
    std::optional<Time> duration;
    std::optional<uint32_t> seed;
    std::optional<uint64_t> run;
    std::optional<Time> linkMetricsInterval; ///< links.csv sampling interval
    std::optional<Ipv4Prefix> infrastructurePrefix; ///< block for backbone/internal addressing
    /// The data-plane engine: "packet" (ns-3 devices and applications) or "flow" (rates on the
    /// same FIB paths, doc/engines.md); unset: packet.
    std::optional<std::string> engine;
    /// probes.csv rows: "each" (a row per probe) or "runs" (a row per run of identical results
    /// within a minute, doc/outputs.md); unset: each up to 1 h simulated, runs beyond.
    std::optional<std::string> probeRows;
};

/// A loaded, validated scenario.
struct Scenario
{
    std::string name;
    std::string description;
    std::string sourceFile; ///< "" for the embedded default or a string
    SimulationSpec simulation;
    std::vector<SiteSpec> sites;
    std::vector<ProviderSpec> providers;
    std::vector<CircuitSpec> circuits;
    std::vector<VnetSpec> vnets;
    std::vector<GlobalReachSpec> globalReach;
    std::vector<VpnConnectionSpec> vpnConnections;
    std::vector<SiteLinkSpec> siteLinks;
    std::vector<ProbeSpec> probes;
    std::vector<TrafficSpec> traffic;
    std::vector<FailureSpec> failures;
    std::vector<FlowListSpec> flowLists; ///< already expanded into traffic by the loader

    const SiteSpec* FindSite(const std::string& name) const;
    const ProviderSpec* FindProvider(const std::string& name) const;
    const CircuitSpec* FindCircuit(const std::string& name) const;
    const VnetSpec* FindVnet(const std::string& name) const;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_H

// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_LIMITS_H
#define EXPRESSROUTE_LIMITS_H

// ExpressRoute's vocabulary (tiers, peerings, provider kinds, gateway SKUs) and the published
// limits that depend on them. Each number cites the Microsoft documentation (doc/references.md) section and its Azure source
// (MicrosoftDocs/azure-docs): FAQ = expressroute-faqs.md, LIM = expressroute-limits.md,
// GWPERF = expressroute-gateway-performance-include.md, GW = expressroute-about-virtual-network-
// gateways.md, ERD = expressroute-erdirect-about.md, VPN18/VPNnew = VPN gateway SKU tables.
// This is the single place these tables live: the scenario loader, the topology builder and the
// model objects all ask here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// Circuit SKU tier (references.md §1, FAQ).
enum class CircuitTier
{
    Local,
    Standard,
    Premium
};

/// Peering type. AzurePublic is deprecated (FAQ, RT) and refused by the loader.
enum class PeeringType
{
    AzurePrivate,
    Microsoft
};

/// Connectivity model (references.md §4, CM).
enum class ProviderKind
{
    CloudExchange,
    PointToPointEthernet,
    AnyToAnyIpvpn,
    Direct
};

/// Who runs BGP with the MSEEs: the customer's router (L2 service, Direct) or the provider's
/// PE (managed L3, IPVPN). Fact sheet §4 (WF).
enum class ProviderLayer
{
    Layer2,
    Layer3
};

/// Partner-circuit provisioning state (references.md §10, WF).
enum class ProvisioningState
{
    NotProvisioned,
    Provisioning,
    Provisioned
};

/// ExpressRoute virtual network gateway SKUs (references.md §6, GWPERF, GW).
enum class ErGatewaySku
{
    Standard,
    HighPerformance,
    UltraPerformance,
    ErGw1Az,
    ErGw2Az,
    ErGw3Az,
    ErGwScale
};

/// VPN gateway SKUs (references.md §7, VPN18 / VPNnew; Generation 2 figures where they exist).
enum class VpnGatewaySku
{
    Basic,
    VpnGw1,
    VpnGw2,
    VpnGw3,
    VpnGw4,
    VpnGw5
};

/// Published capacity of one ExpressRoute gateway SKU.
struct ErGatewaySkuInfo
{
    uint64_t throughputBps;  ///< aggregate throughput, no burst (FAQ, GWPERF)
    uint64_t packetsPerSecond; ///< GWPERF
    uint32_t maxCircuits;    ///< circuits from different peering locations (LIM, GW)
    uint32_t routesLearned;  ///< GWPERF
    bool fastPath;           ///< FastPath supported (GW: Ultra / ErGw3Az)
};

/// Published capacity of one VPN gateway SKU.
struct VpnGatewaySkuInfo
{
    uint64_t throughputBps; ///< aggregate throughput
    uint32_t s2sTunnels;    ///< site-to-site tunnels
};

std::string ToString(CircuitTier v);
std::string ToString(PeeringType v);
std::string ToString(ProviderKind v);
std::string ToString(ProviderLayer v);
std::string ToString(ProvisioningState v);
std::string ToString(ErGatewaySku v);
std::string ToString(VpnGatewaySku v);

/// Parsers return nullopt for an unknown name; the caller reports the error.
std::optional<CircuitTier> ParseCircuitTier(const std::string& s);
std::optional<PeeringType> ParsePeeringType(const std::string& s);
std::optional<ProviderKind> ParseProviderKind(const std::string& s);
std::optional<ProviderLayer> ParseProviderLayer(const std::string& s);
std::optional<ProvisioningState> ParseProvisioningState(const std::string& s);
std::optional<ErGatewaySku> ParseErGatewaySku(const std::string& s);
std::optional<VpnGatewaySku> ParseVpnGatewaySku(const std::string& s);

/// Names accepted by each parser, for "did you mean" and error messages.
std::vector<std::string> CircuitTierNames();
std::vector<std::string> PeeringTypeNames();
std::vector<std::string> ProviderKindNames();
std::vector<std::string> ProviderLayerNames();
std::vector<std::string> ProvisioningStateNames();
std::vector<std::string> ErGatewaySkuNames();
std::vector<std::string> VpnGatewaySkuNames();

/// Bandwidths offered on provider circuits: 50, 100, 200, 500 Mbps, 1, 2, 5, 10 Gbps (FAQ).
const std::vector<uint64_t>& ProviderCircuitBandwidths();
/// Bandwidths offered on ExpressRoute Direct circuits: 1, 2, 5, 10, 40, 100 Gbps (ERD).
const std::vector<uint64_t>& DirectCircuitBandwidths();
/// True when @p bps is an offered bandwidth for the given provider kind.
bool IsOfferedBandwidth(uint64_t bps, ProviderKind kind);

/// VNet (and Global Reach) links per circuit by tier and bandwidth (LIM table, references.md §1).
uint32_t MaxVnetLinks(CircuitTier tier, uint64_t bandwidthBps);

/// Circuits from the same peering location linked to one VNet: 4 (LIM, GW).
constexpr uint32_t kMaxCircuitsSameLocationPerVnet = 4;

/// IPv4 prefixes a customer may advertise on one BGP session (LIM): 4,000 (Local/Standard) or
/// 10,000 (Premium) on private peering, 200 on Microsoft peering.
uint32_t MaxCustomerPrefixes(PeeringType peering, CircuitTier tier);

/// IPv4 prefixes the gateway advertises towards on-premises: 1,000 (LIM, GWPERF).
constexpr uint32_t kMaxGatewayAdvertisedPrefixes = 1000;

/// Microsoft's ASN on every peering (RT, WF).
constexpr uint32_t kMicrosoftAsn = 12076;
/// ExpressRoute gateway ASN; 65515-65520 are reserved for Microsoft (RT, COEX).
constexpr uint32_t kGatewayAsn = 65515;
/// True for ASNs reserved for Microsoft's internal use (65515-65520, RT) and 12076.
bool IsReservedAsn(uint32_t asn);

/// The fewest ErGwScale scale units that have FastPath (expressroute-limits.cc gives the source).
constexpr uint32_t kErGwScaleFastPathUnits = 10;

/// Capacity of an ExpressRoute gateway SKU. For ErGwScale, per scale unit (GWPERF).
ErGatewaySkuInfo GetErGatewaySkuInfo(ErGatewaySku sku, uint32_t scaleUnits = 1);
/// Capacity of a VPN gateway SKU.
VpnGatewaySkuInfo GetVpnGatewaySkuInfo(VpnGatewaySku sku);

/// Formats a bit rate as Azure writes it: "50Mbps", "1Gbps", "10Gbps".
std::string FormatBandwidth(uint64_t bps);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_LIMITS_H

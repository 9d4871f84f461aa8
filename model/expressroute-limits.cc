// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-limits.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ns3
{
namespace expressroute
{

namespace
{

constexpr uint64_t kMbps = 1000000ULL;
constexpr uint64_t kGbps = 1000000000ULL;

template <typename E, std::size_t N>
std::optional<E>
ParseByName(const std::array<std::pair<E, const char*>, N>& table, const std::string& s)
{
    for (const auto& [value, name] : table)
    {
        if (s == name)
        {
            return value;
        }
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
std::string
NameOf(const std::array<std::pair<E, const char*>, N>& table, E v)
{
    for (const auto& [value, name] : table)
    {
        if (value == v)
        {
            return name;
        }
    }
    return "?";
}

template <typename E, std::size_t N>
std::vector<std::string>
NamesOf(const std::array<std::pair<E, const char*>, N>& table)
{
    std::vector<std::string> out;
    for (const auto& entry : table)
    {
        out.emplace_back(entry.second);
    }
    return out;
}

const std::array<std::pair<CircuitTier, const char*>, 3> kTiers{{
    {CircuitTier::Local, "Local"},
    {CircuitTier::Standard, "Standard"},
    {CircuitTier::Premium, "Premium"},
}};

const std::array<std::pair<PeeringType, const char*>, 2> kPeerings{{
    {PeeringType::AzurePrivate, "AzurePrivate"},
    {PeeringType::Microsoft, "Microsoft"},
}};

const std::array<std::pair<ProviderKind, const char*>, 4> kProviderKinds{{
    {ProviderKind::CloudExchange, "CloudExchange"},
    {ProviderKind::PointToPointEthernet, "PointToPointEthernet"},
    {ProviderKind::AnyToAnyIpvpn, "AnyToAnyIpvpn"},
    {ProviderKind::Direct, "Direct"},
}};

const std::array<std::pair<ProviderLayer, const char*>, 2> kLayers{{
    {ProviderLayer::Layer2, "Layer2"},
    {ProviderLayer::Layer3, "Layer3"},
}};

const std::array<std::pair<ProvisioningState, const char*>, 3> kProvisioning{{
    {ProvisioningState::NotProvisioned, "NotProvisioned"},
    {ProvisioningState::Provisioning, "Provisioning"},
    {ProvisioningState::Provisioned, "Provisioned"},
}};

const std::array<std::pair<ErGatewaySku, const char*>, 7> kErSkus{{
    {ErGatewaySku::Standard, "Standard"},
    {ErGatewaySku::HighPerformance, "HighPerformance"},
    {ErGatewaySku::UltraPerformance, "UltraPerformance"},
    {ErGatewaySku::ErGw1Az, "ErGw1Az"},
    {ErGatewaySku::ErGw2Az, "ErGw2Az"},
    {ErGatewaySku::ErGw3Az, "ErGw3Az"},
    {ErGatewaySku::ErGwScale, "ErGwScale"},
}};

const std::array<std::pair<VpnGatewaySku, const char*>, 6> kVpnSkus{{
    {VpnGatewaySku::Basic, "Basic"},
    {VpnGatewaySku::VpnGw1, "VpnGw1"},
    {VpnGatewaySku::VpnGw2, "VpnGw2"},
    {VpnGatewaySku::VpnGw3, "VpnGw3"},
    {VpnGatewaySku::VpnGw4, "VpnGw4"},
    {VpnGatewaySku::VpnGw5, "VpnGw5"},
}};

} // namespace

std::string ToString(CircuitTier v) { return NameOf(kTiers, v); }
std::string ToString(PeeringType v) { return NameOf(kPeerings, v); }
std::string ToString(ProviderKind v) { return NameOf(kProviderKinds, v); }
std::string ToString(ProviderLayer v) { return NameOf(kLayers, v); }
std::string ToString(ProvisioningState v) { return NameOf(kProvisioning, v); }
std::string ToString(ErGatewaySku v) { return NameOf(kErSkus, v); }
std::string ToString(VpnGatewaySku v) { return NameOf(kVpnSkus, v); }

std::optional<CircuitTier> ParseCircuitTier(const std::string& s) { return ParseByName(kTiers, s); }
std::optional<PeeringType> ParsePeeringType(const std::string& s) { return ParseByName(kPeerings, s); }
std::optional<ProviderKind> ParseProviderKind(const std::string& s) { return ParseByName(kProviderKinds, s); }
std::optional<ProviderLayer> ParseProviderLayer(const std::string& s) { return ParseByName(kLayers, s); }
std::optional<ProvisioningState> ParseProvisioningState(const std::string& s) { return ParseByName(kProvisioning, s); }
std::optional<ErGatewaySku> ParseErGatewaySku(const std::string& s) { return ParseByName(kErSkus, s); }
std::optional<VpnGatewaySku> ParseVpnGatewaySku(const std::string& s) { return ParseByName(kVpnSkus, s); }

std::vector<std::string> CircuitTierNames() { return NamesOf(kTiers); }
std::vector<std::string> PeeringTypeNames() { return NamesOf(kPeerings); }
std::vector<std::string> ProviderKindNames() { return NamesOf(kProviderKinds); }
std::vector<std::string> ProviderLayerNames() { return NamesOf(kLayers); }
std::vector<std::string> ProvisioningStateNames() { return NamesOf(kProvisioning); }
std::vector<std::string> ErGatewaySkuNames() { return NamesOf(kErSkus); }
std::vector<std::string> VpnGatewaySkuNames() { return NamesOf(kVpnSkus); }

const std::vector<uint64_t>&
ProviderCircuitBandwidths()
{
    static const std::vector<uint64_t> kRates{50 * kMbps, 100 * kMbps, 200 * kMbps, 500 * kMbps,
                                              1 * kGbps,  2 * kGbps,   5 * kGbps,   10 * kGbps};
    return kRates;
}

const std::vector<uint64_t>&
DirectCircuitBandwidths()
{
    static const std::vector<uint64_t> kRates{1 * kGbps,  2 * kGbps,  5 * kGbps,
                                              10 * kGbps, 40 * kGbps, 100 * kGbps};
    return kRates;
}

bool
IsOfferedBandwidth(uint64_t bps, ProviderKind kind)
{
    const auto& rates =
        kind == ProviderKind::Direct ? DirectCircuitBandwidths() : ProviderCircuitBandwidths();
    return std::find(rates.begin(), rates.end(), bps) != rates.end();
}

uint32_t
MaxVnetLinks(CircuitTier tier, uint64_t bandwidthBps)
{
    if (tier != CircuitTier::Premium)
    {
        return 10; // LIM: 10 for Local and Standard at every bandwidth
    }
    // LIM: Premium column, by circuit bandwidth.
    struct Row
    {
        uint64_t upTo;
        uint32_t links;
    };

    static const std::array<Row, 7> kPremium{{{50 * kMbps, 20},
                                              {200 * kMbps, 25},
                                              {500 * kMbps, 40},
                                              {1 * kGbps, 50},
                                              {2 * kGbps, 60},
                                              {5 * kGbps, 75},
                                              {UINT64_MAX, 100}}};
    for (const auto& row : kPremium)
    {
        if (bandwidthBps <= row.upTo)
        {
            return row.links;
        }
    }
    return 100;
}

uint32_t
MaxCustomerPrefixes(PeeringType peering, CircuitTier tier)
{
    if (peering == PeeringType::Microsoft)
    {
        return 200;
    }
    return tier == CircuitTier::Premium ? 10000 : 4000;
}

bool
IsReservedAsn(uint32_t asn)
{
    return asn == kMicrosoftAsn || (asn >= 65515 && asn <= 65520);
}

ErGatewaySkuInfo
GetErGatewaySkuInfo(ErGatewaySku sku, uint32_t scaleUnits)
{
    switch (sku)
    {
    case ErGatewaySku::Standard:
    case ErGatewaySku::ErGw1Az:
        return {1 * kGbps, 100000, 4, 4000, false};
    case ErGatewaySku::HighPerformance:
    case ErGatewaySku::ErGw2Az:
        return {2 * kGbps, 200000, 8, 9500, false};
    case ErGatewaySku::UltraPerformance:
    case ErGatewaySku::ErGw3Az:
        return {10 * kGbps, 1000000, 16, 9500, true};
    case ErGatewaySku::ErGwScale: {
        // GWPERF: 1 Gbps and 100,000 packets/s per scale unit, 1..40 units. Circuits and FastPath
        // by scale units, from Microsoft's scalable-gateway page as summarised in 2026
        // (https://learn.microsoft.com/azure/expressroute/scalable-gateway; not in the fact
        // sheet, whose revision has FastPath on UltraPerformance/ErGw3Az only): 4 circuits at
        // 1 unit, 8 from 2, 16 from 10 units, and FastPath from 10 units (10 Gbps, as ErGw3Az).
        const uint32_t units = std::clamp<uint32_t>(scaleUnits, 1, 40);
        const uint32_t circuits = units >= 10 ? 16 : units >= 2 ? 8 : 4;
        return {units * kGbps, units * 100000ull, circuits, 60000, units >= kErGwScaleFastPathUnits};
    }
    }
    return {1 * kGbps, 100000, 4, 4000, false};
}

VpnGatewaySkuInfo
GetVpnGatewaySkuInfo(VpnGatewaySku sku)
{
    switch (sku)
    {
    case VpnGatewaySku::Basic:
        return {100 * kMbps, 10}; // VPNLEG
    case VpnGatewaySku::VpnGw1:
        return {650 * kMbps, 30}; // VPN18, Generation 1
    case VpnGatewaySku::VpnGw2:
        return {1250 * kMbps, 30}; // VPNnew, Generation 2
    case VpnGatewaySku::VpnGw3:
        return {2500 * kMbps, 30};
    case VpnGatewaySku::VpnGw4:
        return {5 * kGbps, 100};
    case VpnGatewaySku::VpnGw5:
        return {10 * kGbps, 100};
    }
    return {650 * kMbps, 30};
}

std::string
FormatBandwidth(uint64_t bps)
{
    if (bps >= kGbps && bps % kGbps == 0)
    {
        return std::to_string(bps / kGbps) + "Gbps";
    }
    if (bps >= kMbps && bps % kMbps == 0)
    {
        return std::to_string(bps / kMbps) + "Mbps";
    }
    if (bps >= 1000 && bps % 1000 == 0)
    {
        return std::to_string(bps / 1000) + "kbps";
    }
    return std::to_string(bps) + "bps";
}

} // namespace expressroute
} // namespace ns3

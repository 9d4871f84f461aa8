// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-enterprise-generator.h"

#include "expressroute-geography.h"
#include "expressroute-peering-location.h"
#include "expressroute-region.h"
#include "expressroute-scenario-loader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ns3
{
namespace expressroute
{

namespace
{

using Json = nlohmann::ordered_json;

/// Draws from std::mt19937_64, whose output the C++ standard fixes, with mappings of our own.
class Draw
{
  public:
    explicit Draw(uint64_t seed)
        : m_engine(seed)
    {
    }

    /// Uniform in [0, 1).
    double Unit() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }

    /// Uniform integer in [0, n).
    uint64_t Below(uint64_t n) { return static_cast<uint64_t>(Unit() * static_cast<double>(n)); }

    template <typename T>
    void Shuffle(std::vector<T>& v)
    {
        for (std::size_t i = v.size(); i > 1; --i)
        {
            std::swap(v[i - 1], v[Below(i)]);
        }
    }

  private:
    std::mt19937_64 m_engine;
};

std::string
Dotted(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + "." +
           std::to_string(d);
}

/// Site i's on-premises /20 from 10.0.0.0/8.
std::string
SitePrefix(uint32_t i)
{
    return Dotted(10, i >> 4, (i & 15) << 4, 0) + "/20";
}

/// VNet i's /24 from 172.16.0.0/12.
std::string
VnetPrefix(uint32_t i)
{
    return Dotted(172, 16 + (i >> 8), i & 255, 0) + "/24";
}

/// Circuit c's private-peering /29 from 192.168.0.0/16.
std::string
PeeringSubnet(uint32_t c)
{
    return Dotted(192, 168, c >> 5, (c & 31) << 3) + "/29";
}

/// A private ASN for site i: 2-byte private range below Microsoft's reserved 65515, then
/// 4-byte private ASNs (RFC 6996).
uint64_t
SiteAsn(uint32_t i)
{
    return i < 1000 ? 64512 + i : 4200000000ull + i;
}

struct SitePlan
{
    std::string name;
    Ptr<PeeringLocation> home;
    Ptr<PeeringLocation> second;
    std::string region;
    uint32_t rateMbps{0};
    bool premium{false};
};

/// Every location with a local region the geography knows, in name order.
std::vector<Ptr<PeeringLocation>>
HomeCandidates(Ptr<Geography> geography)
{
    std::vector<Ptr<PeeringLocation>> out;
    for (const auto& l : geography->GetPeeringLocations())
    {
        for (const auto& r : l->GetLocalRegions())
        {
            if (geography->FindRegion(r))
            {
                out.push_back(l);
                break;
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a->GetName() < b->GetName();
    });
    return out;
}

/// The nearest location of another metro, preferring the same geopolitical region (so that a
/// Standard circuit reaches the home region); @p premium says when it had to go further.
Ptr<PeeringLocation>
SecondLocation(Ptr<Geography> geography, Ptr<PeeringLocation> home, bool& premium)
{
    Ptr<PeeringLocation> best;
    double bestKm = 0;
    bool bestSameGeo = false;
    for (const auto& l : geography->GetPeeringLocations())
    {
        if (l->GetMetro() == home->GetMetro())
        {
            continue;
        }
        const bool sameGeo = l->GetGeopoliticalRegion() == home->GetGeopoliticalRegion();
        const double km = Geography::GreatCircleKm(home->GetLatitude(),
                                                   home->GetLongitude(),
                                                   l->GetLatitude(),
                                                   l->GetLongitude());
        if (!best || (sameGeo && !bestSameGeo) ||
            (sameGeo == bestSameGeo && (km < bestKm || (km == bestKm && l->GetName() < best->GetName()))))
        {
            best = l;
            bestKm = km;
            bestSameGeo = sameGeo;
        }
    }
    premium = !bestSameGeo;
    return best;
}

/// Throws std::invalid_argument "--<flag>=<value>: at least <minimum> (<why>)" when
/// @p value is below @p minimum.
void
AtLeast(const std::string& flag, Time value, Time minimum, const std::string& why)
{
    if (value < minimum)
    {
        throw std::invalid_argument("--" + flag + "=" + FormatDuration(value) + ": at least " +
                                    FormatDuration(minimum) + " (" + why + ")");
    }
}

std::string
FormatSeconds(double s)
{
    std::ostringstream o;
    o << std::fixed << std::setprecision(3) << s;
    return o.str();
}

} // namespace

Enterprise
GenerateEnterprise(const EnterpriseOptions& options, Ptr<Geography> geography)
{
    if (options.sites < 1 || options.sites > kMaxGeneratedSites)
    {
        throw std::invalid_argument("--sites=" + std::to_string(options.sites) + ": must be 1-" +
                                    std::to_string(kMaxGeneratedSites) +
                                    " (a /20 per site from 10.0.0.0/8)");
    }
    if (options.duration <= Time(0))
    {
        throw std::invalid_argument("--duration: must be positive");
    }
    // About 60 bytes a row: 10^7 rows is a 600 MB CSV, held in memory while it is written.
    constexpr uint64_t kMaxFlows = 10'000'000;
    if (options.flows > kMaxFlows)
    {
        throw std::invalid_argument("--flows=" + std::to_string(options.flows) + ": must be 0-" +
                                    std::to_string(kMaxFlows) +
                                    " (some 60 bytes a row, written from memory)");
    }
    if (options.seed < 1 || options.seed > kMaxRngSeed)
    {
        throw std::invalid_argument("--seed=" + std::to_string(options.seed) +
                                    ": must be between 1 and " + std::to_string(kMaxRngSeed) +
                                    " (it becomes the scenario's simulation.seed, and ns-3's random "
                                    "number generator refuses larger seeds)");
    }
    AtLeast("probe-interval", options.probeInterval, kMinProbeInterval,
            "the shortest interval of a probe the loader accepts");
    if (options.linkMetricsInterval.IsStrictlyPositive())
    {
        AtLeast("link-interval", options.linkMetricsInterval, kMinLinkMetricsInterval,
                "the shortest links.csv interval the loader accepts");
    }
    if (options.diurnalPeriod.IsStrictlyPositive())
    {
        AtLeast("diurnal-period", options.diurnalPeriod, kMinDiurnalPeriod,
                "the shortest diurnal period the loader accepts: the rate changes 96 times a "
                "period");
    }
    if (options.flows > 0 && options.flowListFile.empty())
    {
        throw std::invalid_argument("--flows: the flow list needs a file name");
    }
    Draw draw(options.seed);
    const Time period =
        options.diurnalPeriod.IsStrictlyPositive()
            ? options.diurnalPeriod
            : std::max(kMinDiurnalPeriod, std::min(Hours(24), options.duration));
    const Time metrics = options.linkMetricsInterval.IsStrictlyPositive()
                             ? options.linkMetricsInterval
                             : (options.duration <= Hours(1) ? Seconds(1) : Seconds(60));
    // The daily peak at 14:00 of the period (a business afternoon).
    const Time peak = NanoSeconds(period.GetNanoSeconds() / 24 * 14);

    auto homes = HomeCandidates(geography);
    draw.Shuffle(homes);
    std::vector<SitePlan> sites(options.sites);
    for (uint32_t i = 0; i < options.sites; ++i)
    {
        auto& s = sites[i];
        s.name = "site-" + std::to_string(i + 1);
        s.home = homes[i % homes.size()];
        for (const auto& r : s.home->GetLocalRegions())
        {
            if (geography->FindRegion(r))
            {
                s.region = r;
                break;
            }
        }
        s.second = SecondLocation(geography, s.home, s.premium);
        s.rateMbps = 10 + static_cast<uint32_t>(draw.Below(41)); // 10-50 Mbps at the peak
    }

    Json scenario;
    scenario["name"] = "enterprise-" + std::to_string(options.sites) + "-seed" +
                       std::to_string(options.seed);
    scenario["description"] =
        std::string(kGeneratedMark) + " --sites=" + std::to_string(options.sites) +
        " --seed=" + std::to_string(options.seed) + " --duration=" +
        FormatDuration(options.duration) +
        ": each site at a real peering location with a VNet in its local region, two circuits "
        "at two metros (Premium where the second is outside the geopolitical region), a diurnal "
        "UDP load of 10-50 Mbps per site peaking at 14:00 of the period, one probe per site.";
    scenario["simulation"] = {{"duration", FormatDuration(options.duration)},
                              {"seed", options.seed},
                              {"run", 1},
                              {"linkMetricsInterval", FormatDuration(metrics)}};
    scenario["providers"] = Json::array({
        {{"name", "exchange"}, {"kind", "CloudExchange"}, {"layer", "Layer2"}},
        {{"name", "ethernet"}, {"kind", "PointToPointEthernet"}, {"layer", "Layer2"}},
        {{"name", "ipvpn"}, {"kind", "AnyToAnyIpvpn"}, {"layer", "Layer3"}},
    });
    const char* providers[] = {"exchange", "ethernet", "ipvpn"};
    Json jsites = Json::array();
    Json circuits = Json::array();
    Json vnets = Json::array();
    Json probes = Json::array();
    Json traffic = Json::array();
    std::map<std::string, double> loadAt; // Mbps at the peak per peering location
    for (uint32_t i = 0; i < options.sites; ++i)
    {
        const auto& s = sites[i];
        const std::string vnet = "vnet-" + std::to_string(i + 1);
        jsites.push_back({{"name", s.name},
                          {"location", s.home->GetName()},
                          {"asn", SiteAsn(i)},
                          {"prefixes", {SitePrefix(i)}},
                          {"hosts", 1}});
        // Each circuit can carry the site's whole peak with headroom when the other fails.
        const std::string bandwidth = s.rateMbps <= 35 ? "50Mbps" : "100Mbps";
        for (uint32_t k = 0; k < 2; ++k)
        {
            const uint32_t c = 2 * i + k;
            const auto& location = k == 0 ? s.home : s.second;
            circuits.push_back(
                {{"name", s.name + (k == 0 ? "-a" : "-b")},
                 {"site", s.name},
                 {"provider", providers[c % 3]},
                 {"peeringLocation", location->GetName()},
                 {"tier", k == 1 && s.premium ? "Premium" : "Standard"},
                 {"bandwidth", bandwidth},
                 {"peerings",
                  {{{"type", "AzurePrivate"}, {"subnet", PeeringSubnet(c)}, {"vlan", 100}}}},
                 {"vnetLinks", {{{"vnet", vnet}}}}});
            loadAt[location->GetName()] += s.rateMbps / 2.0;
        }
        vnets.push_back({{"name", vnet},
                         {"region", s.region},
                         {"addressSpace", {VnetPrefix(i)}},
                         {"gateway", {{"sku", "ErGw1Az"}}},
                         {"hosts", 1}});
        probes.push_back({{"name", s.name + "-to-" + vnet},
                          {"site", s.name},
                          {"vnet", vnet},
                          {"interval", FormatDuration(options.probeInterval)}});
        traffic.push_back({{"name", s.name + "-load"},
                           {"from", s.name},
                           {"to", vnet},
                           {"kind", "ConstantRate"},
                           {"rate", std::to_string(s.rateMbps) + "Mbps"},
                           {"packetSize", 1200},
                           {"diurnal",
                            {{"period", FormatDuration(period)},
                             {"peak", FormatDuration(peak)},
                             {"minimum", 0.2}}}});
    }
    Enterprise out;
    if (options.flows > 0)
    {
        traffic.push_back({{"name", "flows"}, {"kind", "FlowList"}, {"file", options.flowListFile}});
        std::vector<double> starts(options.flows);
        for (auto& t : starts)
        {
            t = draw.Unit() * options.duration.GetSeconds();
        }
        std::sort(starts.begin(), starts.end());
        std::ostringstream csv;
        csv << "# " << kGeneratedMark << " --sites=" << options.sites << " --seed=" << options.seed
            << " --flows=" << options.flows << " (the flow list of "
            << scenario["name"].get<std::string>() << ")\n";
        csv << "start,source,destination,bytes,protocol\n";
        for (double t : starts)
        {
            const uint32_t i = static_cast<uint32_t>(draw.Below(options.sites));
            const bool up = draw.Unit() < 0.5;
            // Heavy-tailed sizes: 10 kB to 100 MB, log-uniform.
            const auto bytes = static_cast<uint64_t>(std::pow(10.0, 4.0 + 4.0 * draw.Unit()));
            const std::string site = sites[i].name;
            const std::string vnet = "vnet-" + std::to_string(i + 1);
            csv << FormatSeconds(t) << ',' << (up ? site : vnet) << ',' << (up ? vnet : site)
                << ',' << bytes << ",tcp\n";
        }
        out.flowListCsv = csv.str();
    }
    scenario["sites"] = jsites;
    scenario["circuits"] = circuits;
    scenario["vnets"] = vnets;
    scenario["probes"] = probes;
    scenario["traffic"] = traffic;
    if (options.failureAtPeak)
    {
        std::string busiest;
        double most = -1;
        for (const auto& [location, mbps] : loadAt)
        {
            if (mbps > most)
            {
                busiest = location;
                most = mbps;
            }
        }
        const Time start = peak < options.duration ? peak : options.duration / 2;
        const Time length = std::min(options.failureDuration, options.duration - start);
        scenario["failures"] = Json::array({{{"kind", "PeeringLocationOutage"},
                                             {"target", busiest},
                                             {"start", FormatDuration(start)},
                                             {"duration", FormatDuration(length)}}});
    }
    out.scenarioJson = scenario.dump(2) + "\n";
    return out;
}

} // namespace expressroute
} // namespace ns3

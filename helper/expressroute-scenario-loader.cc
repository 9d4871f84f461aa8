// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-communities.h"
#include "expressroute-scenario-loader.h"

#include "expressroute-flow-list.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario-parser.h"
#include "expressroute-scenario-rules.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioLoader");

namespace
{

/// A unit of a quantity string and its value in base units.
struct Unit
{
    const char* name;
    uint64_t scale;
};

// A quantity's unit must match one of these names exactly (case-sensitive).
const Unit kTimeUnits[] = {{"ns", 1ULL},
                           {"us", 1000ULL},
                           {"ms", 1000000ULL},
                           {"s", 1000000000ULL},
                           {"min", 60000000000ULL},
                           {"h", 3600000000000ULL}};
const Unit kRateUnits[] = {
    {"bps", 1ULL}, {"kbps", 1000ULL}, {"Mbps", 1000000ULL}, {"Gbps", 1000000000ULL}};

/**
 * Parses "<digits>[.<digits>]<unit>" exactly (no sign, spaces or exponent) into base units.
 * nullopt when malformed, when the unit is not in @p units, when the value is not a whole
 * number of base units or when it exceeds @p max; in the last case, well formed but too large,
 * @p tooLarge (when given) is set.
 */
template <std::size_t N>
std::optional<uint64_t>
ParseQuantity(const std::string& text,
              const Unit (&units)[N],
              uint64_t max,
              bool* tooLarge = nullptr)
{
    std::size_t i = 0;
    unsigned __int128 whole = 0;
    unsigned __int128 frac = 0;
    unsigned __int128 fracScale = 1;
    const unsigned __int128 kCap = static_cast<unsigned __int128>(1) << 100;
    auto digit = [&text](std::size_t k)
    {
        return k < text.size() && text[k] >= '0' && text[k] <= '9';
    };
    if (!digit(0))
    {
        return std::nullopt;
    }
    bool huge = false; // more whole digits than any unit's value can be below max
    for (; digit(i); ++i)
    {
        huge = huge || whole > kCap;
        if (!huge)
        {
            whole = whole * 10 + static_cast<unsigned>(text[i] - '0');
        }
    }
    if (i < text.size() && text[i] == '.')
    {
        ++i;
        if (!digit(i))
        {
            return std::nullopt;
        }
        for (; digit(i); ++i)
        {
            if (fracScale > kCap)
            {
                return std::nullopt;
            }
            frac = frac * 10 + static_cast<unsigned>(text[i] - '0');
            fracScale *= 10;
        }
    }
    const std::string unit = text.substr(i);
    for (const auto& u : units)
    {
        if (unit != u.name)
        {
            continue;
        }
        const unsigned __int128 fracUnits = frac * u.scale;
        if (fracUnits % fracScale != 0)
        {
            return std::nullopt; // finer than the base unit
        }
        if (huge || whole * u.scale + fracUnits / fracScale > max)
        {
            if (tooLarge)
            {
                *tooLarge = true;
            }
            return std::nullopt;
        }
        const unsigned __int128 value = whole * u.scale + fracUnits / fracScale;
        return static_cast<uint64_t>(value);
    }
    return std::nullopt;
}

/// Loads, then throws ScenarioLoadError when anything was wrong.
Scenario
Load(const std::string& text,
     const std::string& sourceName,
     const std::string& sourceFile,
     Ptr<Geography> geography)
{
    NS_ASSERT_MSG(geography, "LoadScenario needs a Geography (ReadGeography())");
    ScenarioDiagnostics diag;
    std::optional<Scenario> parsed = ParseScenario(text, *geography, diag);
    if (parsed)
    {
        ExpandFlowLists(*parsed,
                        sourceFile.empty()
                            ? std::string()
                            : std::filesystem::path(sourceFile).parent_path().string(),
                        diag);
        // The rules run even after parse errors (they skip fields that have errors), so that
        // one pass reports everything.
        CheckScenarioRules(*parsed, *geography, diag);
    }
    if (diag.HasErrors())
    {
        throw ScenarioLoadError(sourceName, diag.SortedErrors());
    }
    parsed->sourceFile = sourceFile;
    return *parsed;
}

std::string
DescribeErrors(const std::string& source, const std::vector<ScenarioError>& errors)
{
    std::string out;
    for (const auto& e : errors)
    {
        if (!out.empty())
        {
            out += "\n";
        }
        if (e.line > 0)
        {
            out += source + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " +
                   e.message;
        }
        else if (e.path.empty())
        {
            out += source + ": " + e.message;
        }
        else
        {
            out += source + ": " + e.path + ": " + e.message;
        }
    }
    return out;
}

using SortedJson = nlohmann::json; // std::map objects: keys come out sorted

SortedJson
PrefixesToJson(const std::vector<Ipv4Prefix>& prefixes)
{
    SortedJson out = SortedJson::array();
    for (const auto& p : prefixes)
    {
        out.push_back(p.ToString());
    }
    return out;
}

SortedJson
SiteToJson(const SiteSpec& s)
{
    SortedJson j{{"name", s.name}, {"asn", s.asn}, {"prefixes", PrefixesToJson(s.prefixes)}};
    if (s.nearPeeringLocation)
    {
        j["location"] = *s.nearPeeringLocation;
    }
    else
    {
        j["coordinates"] = {{"latitude", s.latitude}, {"longitude", s.longitude}};
    }
    if (s.hosts)
    {
        j["hosts"] = *s.hosts;
    }
    if (s.ceRouters)
    {
        j["ceRouters"] = *s.ceRouters;
    }
    return j;
}

SortedJson
PeeringToJson(const PeeringSpec& p)
{
    SortedJson j{{"type", ToString(p.type)},
                 {"primarySubnet", p.primarySubnet.ToString()},
                 {"secondarySubnet", p.secondarySubnet.ToString()},
                 {"vlan", p.vlan}};
    if (p.peerAsn)
    {
        j["peerAsn"] = *p.peerAsn;
    }
    if (p.bfd)
    {
        j["bfd"] = *p.bfd;
    }
    if (p.prepend > 0)
    {
        j["prepend"] = p.prepend;
    }
    if (p.localPreference)
    {
        j["localPreference"] = *p.localPreference;
    }
    if (!p.configured)
    {
        j["configured"] = false;
    }
    if (p.type == PeeringType::Microsoft)
    {
        j["advertisedPublicPrefixes"] = PrefixesToJson(p.advertisedPublicPrefixes);
        if (p.routeFilter)
        {
            SortedJson rules = SortedJson::array();
            for (uint32_t c : *p.routeFilter)
            {
                rules.push_back(FormatCommunity(c));
            }
            j["routeFilter"] = rules;
        }
    }
    return j;
}

SortedJson
CircuitToJson(const CircuitSpec& c)
{
    SortedJson j{{"name", c.name},
                 {"site", c.site},
                 {"provider", c.provider},
                 {"peeringLocation", c.peeringLocation},
                 {"tier", ToString(c.tier)},
                 {"bandwidth", FormatBandwidth(c.bandwidthBps)},
                 {"peerings", SortedJson::array()},
                 {"vnetLinks", SortedJson::array()}};
    if (c.secondaryPeeringLocation)
    {
        j["secondaryPeeringLocation"] = *c.secondaryPeeringLocation;
    }
    if (c.provisioningState)
    {
        j["provisioningState"] = ToString(*c.provisioningState);
    }
    for (const auto& p : c.peerings)
    {
        j["peerings"].push_back(PeeringToJson(p));
    }
    for (const auto& l : c.vnetLinks)
    {
        j["vnetLinks"].push_back({{"vnet", l.vnet}, {"weight", l.weight}});
    }
    return j;
}

SortedJson
VnetToJson(const VnetSpec& v)
{
    SortedJson gw{{"sku", ToString(v.gateway.sku)}};
    if (v.gateway.fastPath)
    {
        gw["fastPath"] = *v.gateway.fastPath;
    }
    if (v.gateway.scaleUnits)
    {
        gw["scaleUnits"] = *v.gateway.scaleUnits;
    }
    SortedJson j{{"name", v.name},
                 {"region", v.region},
                 {"addressSpace", PrefixesToJson(v.addressSpace)},
                 {"gateway", gw}};
    if (v.hosts)
    {
        j["hosts"] = *v.hosts;
    }
    return j;
}

SortedJson
TrafficToJson(const TrafficSpec& t)
{
    SortedJson j{{"name", t.name},
                 {"from", t.from},
                 {"to", t.to},
                 {"kind",
                  t.kind == TrafficKind::Bulk              ? "Bulk"
                  : t.kind == TrafficKind::RequestResponse ? "RequestResponse"
                                                           : "ConstantRate"},
                 {"start", FormatDuration(t.start)}};
    if (t.rateBps)
    {
        j["rate"] = FormatBandwidth(*t.rateBps);
    }
    if (t.packetSize)
    {
        j["packetSize"] = *t.packetSize;
    }
    if (t.bytes)
    {
        j["bytes"] = *t.bytes;
    }
    if (t.stop)
    {
        j["stop"] = FormatDuration(*t.stop);
    }
    if (t.kind == TrafficKind::RequestResponse)
    {
        j["requestsPerSecond"] = t.requestsPerSecond;
        for (const auto& [key, size] : {std::pair<const char*, const SizeSpec*>{"requestBytes", &t.requestBytes},
                                        std::pair<const char*, const SizeSpec*>{"responseBytes", &t.responseBytes}})
        {
            if (size->mean > 0)
            {
                j[key] = {{"min", size->min}, {"max", size->max}, {"mean", size->mean}};
            }
            else if (size->min == size->max)
            {
                j[key] = size->min;
            }
            else
            {
                j[key] = {{"min", size->min}, {"max", size->max}};
            }
        }
    }
    if (t.diurnal)
    {
        j["diurnal"] = {{"period", FormatDuration(t.diurnal->period)},
                        {"peak", FormatDuration(t.diurnal->peak)},
                        {"minimum", t.diurnal->minimum}};
    }
    return j;
}

SortedJson
SimulationToJson(const SimulationSpec& sim)
{
    SortedJson j = SortedJson::object();
    if (sim.duration)
    {
        j["duration"] = FormatDuration(*sim.duration);
    }
    if (sim.seed)
    {
        j["seed"] = *sim.seed;
    }
    if (sim.run)
    {
        j["run"] = *sim.run;
    }
    if (sim.linkMetricsInterval)
    {
        j["linkMetricsInterval"] = FormatDuration(*sim.linkMetricsInterval);
    }
    if (sim.infrastructurePrefix)
    {
        j["infrastructurePrefix"] = sim.infrastructurePrefix->ToString();
    }
    if (sim.engine)
    {
        j["engine"] = *sim.engine;
    }
    if (sim.probeRows)
    {
        j["probeRows"] = *sim.probeRows;
    }
    return j;
}

} // namespace

ScenarioLoadError::ScenarioLoadError(std::string source, std::vector<ScenarioError> errors) :
    std::runtime_error(DescribeErrors(source, errors)),
    m_source(std::move(source)),
    m_errors(std::move(errors))
{
}

Scenario
LoadScenarioFile(const std::string& path, Ptr<Geography> geography)
{
    NS_LOG_FUNCTION(path);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
    {
        throw ScenarioLoadError(path, {ScenarioError{"", "cannot open: is a directory", 0, 0}});
    }
    if (std::filesystem::is_character_file(path, ec) || std::filesystem::is_block_file(path, ec))
    {
        throw ScenarioLoadError(path, {ScenarioError{"", "cannot open: is a device", 0, 0}});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw ScenarioLoadError(
            path, {ScenarioError{"", "cannot open: " + std::string(std::strerror(errno)), 0, 0}});
    }
    // Read whole, up to a bound (a pipe may never end): the largest generated enterprise's
    // scenario (4,096 sites) is about 10 MB.
    auto text = ReadAtMost(in, 256u << 20);
    if (!text)
    {
        throw ScenarioLoadError(path, {ScenarioError{"", "more than 256 MiB: not a scenario", 0, 0}});
    }
    return Load(*text, path, path, geography);
}

Scenario
LoadScenarioString(const std::string& json,
                   const std::string& sourceName,
                   Ptr<Geography> geography,
                   bool sourceIsPath)
{
    NS_LOG_FUNCTION(sourceName);
    return Load(json, sourceName, sourceIsPath ? sourceName : "", geography);
}

std::string
ScenarioToJson(const Scenario& scenario)
{
    SortedJson j{{"name", scenario.name},
                 {"simulation", SimulationToJson(scenario.simulation)},
                 {"sites", SortedJson::array()},
                 {"providers", SortedJson::array()},
                 {"circuits", SortedJson::array()},
                 {"vnets", SortedJson::array()},
                 {"globalReach", SortedJson::array()},
                 {"vpnConnections", SortedJson::array()},
                 {"probes", SortedJson::array()},
                 {"traffic", SortedJson::array()},
                 {"failures", SortedJson::array()}};
    if (!scenario.description.empty())
    {
        j["description"] = scenario.description;
    }
    for (const auto& s : scenario.sites)
    {
        j["sites"].push_back(SiteToJson(s));
    }
    for (const auto& p : scenario.providers)
    {
        j["providers"].push_back(
            {{"name", p.name}, {"kind", ToString(p.kind)}, {"layer", ToString(p.layer)}});
    }
    for (const auto& c : scenario.circuits)
    {
        j["circuits"].push_back(CircuitToJson(c));
    }
    for (const auto& v : scenario.vnets)
    {
        j["vnets"].push_back(VnetToJson(v));
    }
    for (const auto& g : scenario.globalReach)
    {
        j["globalReach"].push_back({{"name", g.name},
                                    {"circuits", {g.circuitA, g.circuitB}},
                                    {"subnet", g.subnet.ToString()}});
    }
    for (const auto& v : scenario.vpnConnections)
    {
        j["vpnConnections"].push_back(
            {{"name", v.name}, {"site", v.site}, {"vnet", v.vnet}, {"sku", ToString(v.sku)}});
    }
    for (const auto& l : scenario.siteLinks)
    {
        SortedJson link{{"name", l.name},
                        {"sites", {l.siteA, l.siteB}},
                        {"bandwidth", FormatBandwidth(l.bandwidthBps)}};
        if (l.delay)
        {
            link["delay"] = FormatDuration(*l.delay);
        }
        if (l.bfd)
        {
            link["bfd"] = *l.bfd;
        }
        j["siteLinks"].push_back(link); // only when there are some: older run.json unchanged
    }
    for (const auto& p : scenario.probes)
    {
        SortedJson probe{{"name", p.name}, {"site", p.site}};
        if (p.service.empty())
        {
            probe["vnet"] = p.vnet;
        }
        else
        {
            probe["service"] = p.service;
        }
        if (p.interval)
        {
            probe["interval"] = FormatDuration(*p.interval);
        }
        if (p.protocol)
        {
            probe["protocol"] = *p.protocol;
        }
        j["probes"].push_back(probe);
    }
    for (const auto& t : scenario.traffic)
    {
        j["traffic"].push_back(TrafficToJson(t));
    }
    for (const auto& f : scenario.failures)
    {
        SortedJson failure{{"kind", f.kind}, {"target", f.target}, {"start", FormatDuration(f.start)}};
        if (f.duration)
        {
            failure["duration"] = FormatDuration(*f.duration);
        }
        for (const auto& [name, value] : f.attributes)
        {
            failure[std::string(1, static_cast<char>(std::tolower(name[0]))) + name.substr(1)] = value;
        }
        j["failures"].push_back(failure);
    }
    return j.dump(2) + "\n";
}

std::optional<Time>
ParseDuration(const std::string& text)
{
    auto ns = ParseQuantity(text, kTimeUnits, static_cast<uint64_t>(INT64_MAX));
    if (!ns)
    {
        return std::nullopt;
    }
    return NanoSeconds(static_cast<int64_t>(*ns));
}

std::optional<std::string>
ReadAtMost(std::istream& in, std::size_t limit)
{
    std::string text;
    char chunk[65536];
    while (in.read(chunk, sizeof(chunk)) || in.gcount() > 0)
    {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit)
        {
            return std::nullopt;
        }
    }
    return text;
}

bool
IsDurationPastTheClock(const std::string& text)
{
    bool tooLarge = false;
    return !ParseQuantity(text, kTimeUnits, static_cast<uint64_t>(INT64_MAX), &tooLarge) &&
           tooLarge;
}

std::optional<uint64_t>
ParseRate(const std::string& text)
{
    return ParseQuantity(text, kRateUnits, UINT64_MAX);
}

std::string
FormatDuration(Time t)
{
    const int64_t ns = t.GetNanoSeconds();
    const std::string sign = ns < 0 ? "-" : "";
    const uint64_t v = ns < 0 ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
    if (v % 1000000000ULL == 0)
    {
        return sign + std::to_string(v / 1000000000ULL) + "s";
    }
    if (v % 1000000ULL == 0)
    {
        return sign + std::to_string(v / 1000000ULL) + "ms";
    }
    if (v % 1000ULL == 0)
    {
        return sign + std::to_string(v / 1000ULL) + "us";
    }
    return sign + std::to_string(v) + "ns";
}

} // namespace expressroute
} // namespace ns3

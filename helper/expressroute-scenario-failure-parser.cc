// SPDX-License-Identifier: GPL-2.0-only
// The scenario's "failures": each entry names a Failure plug-in by kind; its keys besides
// kind, target, start and duration are the plug-in's attributes, written with a lower-case
// first letter ("mode" for Mode, "lossRate" for LossRate) and checked by the attribute's own
// checker, so that a new plug-in needs no change here.
#include "expressroute-attribute-text.h"
#include "expressroute-failure.h"
#include "expressroute-geography-reader.h"
#include "expressroute-region.h"
#include "expressroute-scenario-parser.h"

#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace ns3
{
namespace expressroute
{

namespace
{

const std::string kTypePrefix = "ns3::expressroute::";

/// Names of every Failure kind that can be created.
std::vector<std::string>
FailureKinds()
{
    std::vector<std::string> kinds;
    const TypeId base = Failure::GetTypeId();
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        const TypeId tid = TypeId::GetRegistered(i);
        if (tid != base && tid.IsChildOf(base) && tid.HasConstructor() &&
            tid.GetName().rfind(kTypePrefix, 0) == 0)
        {
            kinds.push_back(tid.GetName().substr(kTypePrefix.size()));
        }
    }
    std::sort(kinds.begin(), kinds.end());
    return kinds;
}

std::string
LowerFirst(std::string s)
{
    if (!s.empty())
    {
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    }
    return s;
}

/// The attributes a kind takes, with their scenario keys.
std::vector<std::pair<std::string, TypeId::AttributeInformation>>
KindAttributes(TypeId tid)
{
    std::vector<std::pair<std::string, TypeId::AttributeInformation>> out;
    for (TypeId t = tid; t != Failure::GetTypeId(); t = t.GetParent())
    {
        for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
        {
            const auto info = t.GetAttribute(i);
            out.emplace_back(LowerFirst(info.name), info);
        }
    }
    return out;
}

/// @p target with Azure's location names of regions ("eastus2") as the model's ("East US 2").
std::string
CanonicalTarget(TypeId tid, const std::string& target, const Geography& geo)
{
    ObjectFactory factory;
    factory.SetTypeId(tid);
    const auto kind = factory.Create<Failure>()->GetTargetKind();
    auto canonical = [&geo](const std::string& name) {
        auto region = LookupRegion(geo, name);
        return region ? region->GetName() : name;
    };
    if (kind == FailureTargetKind::Region)
    {
        return canonical(target);
    }
    const auto sep = target.find("--");
    if (kind == FailureTargetKind::BackboneLink && sep != std::string::npos)
    {
        return canonical(target.substr(0, sep)) + "--" + canonical(target.substr(sep + 2));
    }
    return target;
}

/// The text of a failure attribute's JSON value (a string as it is, a number or boolean as JSON
/// writes it); nullopt for other JSON types.
std::optional<std::string>
AttributeText(const ScenarioJson& v)
{
    if (v.is_string())
    {
        return v.get<std::string>();
    }
    if (v.is_number() || v.is_boolean())
    {
        return v.dump();
    }
    return std::nullopt;
}

} // namespace

std::optional<FailureSpec>
ParseFailure(const JsonAt& at, ScenarioParseContext& ctx)
{
    const std::vector<std::string> kinds = FailureKinds();
    // The kind decides which keys are allowed: read it first.
    std::optional<TypeId> tid;
    std::string kind;
    if (at.value->is_object() && at.value->contains("kind") && (*at.value)["kind"].is_string())
    {
        kind = (*at.value)["kind"].get<std::string>();
        if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end())
        {
            tid = TypeId::LookupByName(kTypePrefix + kind);
        }
    }
    std::vector<std::string> keys{"kind", "target", "start", "duration"};
    const auto attributes = tid ? KindAttributes(*tid)
                                : std::vector<std::pair<std::string, TypeId::AttributeInformation>>{};
    for (const auto& [key, info] : attributes)
    {
        keys.push_back(key);
    }
    // An unknown kind: its keys cannot be checked, so any key is let through to the kind error.
    if (!tid && at.value->is_object())
    {
        for (const auto& [key, value] : at.value->items())
        {
            if (std::find(keys.begin(), keys.end(), key) == keys.end())
            {
                keys.push_back(key);
            }
        }
    }
    JsonObjectReader r(at.value, at.path, ctx.diag, keys, "a failure");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    FailureSpec f;
    f.path = at.path;
    if (auto k = r.GetString("kind", Need::Required))
    {
        f.kind = *k;
        if (!tid)
        {
            ctx.diag.Error(r.PathOf("kind"),
                           "unknown failure kind " + Quote(*k) + " (expected one of " +
                               JoinNames(kinds) + ")" + DidYouMean(*k, kinds));
        }
    }
    f.target = r.GetString("target", Need::Required).value_or("");
    if (f.target.empty() && r.Has("target") && !ctx.diag.HasErrorAt(r.PathOf("target")))
    {
        ctx.diag.Error(r.PathOf("target"), "must not be empty");
    }
    if (tid && !f.target.empty())
    {
        f.target = CanonicalTarget(*tid, f.target, ctx.geo);
    }
    f.start = r.GetDuration("start", Need::Required, false).value_or(Time(0));
    f.duration = r.GetDuration("duration", Need::Optional, true);
    if (tid && r.Has("duration"))
    {
        ObjectFactory factory;
        factory.SetTypeId(*tid);
        if (!factory.Create<Failure>()->TakesDuration())
        {
            ctx.diag.Error(r.PathOf("duration"),
                           f.kind + " happens at an instant: a duration would do nothing");
        }
    }
    for (const auto& [key, info] : attributes)
    {
        const ScenarioJson* v = r.Get(key, Need::Optional);
        if (v == nullptr)
        {
            continue;
        }
        const auto text = AttributeText(*v);
        if (!text)
        {
            ctx.diag.Error(r.PathOf(key), "expected a string or a number, got " + JsonTypeName(*v));
            continue;
        }
        auto value = info.checker->Create();
        if (!IsAttributeTextWellFormed(*text, *info.checker) ||
            !value->DeserializeFromString(*text, info.checker) || !info.checker->Check(*value))
        {
            const std::string expected = AttributeExpectation(*info.checker);
            const std::string help = info.help.empty() ? "" : ": " + info.help;
            ctx.diag.Error(r.PathOf(key),
                           expected.empty()
                               ? "invalid value " + Quote(*text) + " for " + key + " of " +
                                     f.kind + " (expected " +
                                     info.checker->GetUnderlyingTypeInformation() + help + ")"
                               : expected + ", got " + v->dump() + " (" + key + " of " + f.kind +
                                     help + ")");
            continue;
        }
        f.attributes.emplace_back(info.name, *text);
    }
    return f;
}

} // namespace expressroute
} // namespace ns3

// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_ATTRIBUTE_TEXT_H
#define EXPRESSROUTE_ATTRIBUTE_TEXT_H

// The form of an ns-3 attribute value given as text (a scenario's failure attribute, an
// --ns3::Type::Attribute=VALUE argument). ns-3's own parsers of integers, doubles and times
// abort the program on a malformed value (NS_ABORT in DeserializeFromString, Time's string
// constructor) instead of reporting it, so the text is checked here first.

#include <string>

namespace ns3
{
class AttributeChecker;

namespace expressroute
{

/**
 * What a value of @p checker's type must look like ("must be a whole number from 1 to 16"),
 * or "" for types whose ns-3 parser reports a malformed value itself (enums, strings, rates).
 */
std::string AttributeExpectation(const AttributeChecker& checker);

/**
 * True when @p text has the form @p checker's type takes: decimal digits for integers (a '-'
 * allowed for signed ones), a finite decimal number for doubles, a duration such as "5ms" for
 * times (doc/scenario.md's syntax), true/false/1/0 for booleans; any text for other types.
 * The range is not checked here: set the value, then the checker's Check does.
 */
bool IsAttributeTextWellFormed(const std::string& text, const AttributeChecker& checker);

/**
 * Checks @p text against the attribute @p name of TypeId @p typeName, as Config::SetDefault
 * would set it: "" when it can be set, else what is wrong (unknown type or attribute, or the
 * value's form or range).
 */
std::string CheckAttributeDefault(const std::string& typeName,
                                  const std::string& name,
                                  const std::string& text);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_ATTRIBUTE_TEXT_H

// libyaml, as Swiftpod uses it: the event parser behind the YAML target.
#include <yaml.h>

/* markdown_entity: decoding of HTML character references met in Markdown text and attributes. */
#include "render/markdown_int.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

struct entity {
	const char *name;
	uint32_t cp;
};

/* The HTML 4 set plus &apos;, sorted by name in byte order for bsearch(). Names outside it stay
 * text: the full HTML 5 list is 2,000 names for characters nobody types as entities. */
static const struct entity entities[] = {
    {"AElig", 198},    {"Aacute", 193},	 {"Acirc", 194},   {"Agrave", 192},  {"Alpha", 913},
    {"Aring", 197},    {"Atilde", 195},	 {"Auml", 196},	   {"Beta", 914},    {"Ccedil", 199},
    {"Chi", 935},      {"Dagger", 8225}, {"Delta", 916},   {"ETH", 208},     {"Eacute", 201},
    {"Ecirc", 202},    {"Egrave", 200},	 {"Epsilon", 917}, {"Eta", 919},     {"Euml", 203},
    {"Gamma", 915},    {"Iacute", 205},	 {"Icirc", 206},   {"Igrave", 204},  {"Iota", 921},
    {"Iuml", 207},     {"Kappa", 922},	 {"Lambda", 923},  {"Mu", 924},	     {"Ntilde", 209},
    {"Nu", 925},       {"OElig", 338},	 {"Oacute", 211},  {"Ocirc", 212},   {"Ograve", 210},
    {"Omega", 937},    {"Omicron", 927}, {"Oslash", 216},  {"Otilde", 213},  {"Ouml", 214},
    {"Phi", 934},      {"Pi", 928},	 {"Prime", 8243},  {"Psi", 936},     {"Rho", 929},
    {"Scaron", 352},   {"Sigma", 931},	 {"THORN", 222},   {"Tau", 932},     {"Theta", 920},
    {"Uacute", 218},   {"Ucirc", 219},	 {"Ugrave", 217},  {"Upsilon", 933}, {"Uuml", 220},
    {"Xi", 926},       {"Yacute", 221},	 {"Yuml", 376},	   {"Zeta", 918},    {"aacute", 225},
    {"acirc", 226},    {"acute", 180},	 {"aelig", 230},   {"agrave", 224},  {"alefsym", 8501},
    {"alpha", 945},    {"amp", 38},	 {"and", 8743},	   {"ang", 8736},    {"apos", 39},
    {"aring", 229},    {"asymp", 8776},	 {"atilde", 227},  {"auml", 228},    {"bdquo", 8222},
    {"beta", 946},     {"brvbar", 166},	 {"bull", 8226},   {"cap", 8745},    {"ccedil", 231},
    {"cedil", 184},    {"cent", 162},	 {"chi", 967},	   {"circ", 710},    {"clubs", 9827},
    {"cong", 8773},    {"copy", 169},	 {"crarr", 8629},  {"cup", 8746},    {"curren", 164},
    {"dArr", 8659},    {"dagger", 8224}, {"darr", 8595},   {"deg", 176},     {"delta", 948},
    {"diams", 9830},   {"divide", 247},	 {"eacute", 233},  {"ecirc", 234},   {"egrave", 232},
    {"empty", 8709},   {"emsp", 8195},	 {"ensp", 8194},   {"epsilon", 949}, {"equiv", 8801},
    {"eta", 951},      {"eth", 240},	 {"euml", 235},	   {"euro", 8364},   {"exist", 8707},
    {"fnof", 402},     {"forall", 8704}, {"frac12", 189},  {"frac14", 188},  {"frac34", 190},
    {"frasl", 8260},   {"gamma", 947},	 {"ge", 8805},	   {"gt", 62},	     {"hArr", 8660},
    {"harr", 8596},    {"hearts", 9829}, {"hellip", 8230}, {"iacute", 237},  {"icirc", 238},
    {"iexcl", 161},    {"igrave", 236},	 {"image", 8465},  {"infin", 8734},  {"int", 8747},
    {"iota", 953},     {"iquest", 191},	 {"isin", 8712},   {"iuml", 239},    {"kappa", 954},
    {"lArr", 8656},    {"lambda", 955},	 {"lang", 10216},  {"laquo", 171},   {"larr", 8592},
    {"lceil", 8968},   {"ldquo", 8220},	 {"le", 8804},	   {"lfloor", 8970}, {"lowast", 8727},
    {"loz", 9674},     {"lrm", 8206},	 {"lsaquo", 8249}, {"lsquo", 8216},  {"lt", 60},
    {"macr", 175},     {"mdash", 8212},	 {"micro", 181},   {"middot", 183},  {"minus", 8722},
    {"mu", 956},       {"nabla", 8711},	 {"nbsp", 160},	   {"ndash", 8211},  {"ne", 8800},
    {"ni", 8715},      {"not", 172},	 {"notin", 8713},  {"nsub", 8836},   {"ntilde", 241},
    {"nu", 957},       {"oacute", 243},	 {"ocirc", 244},   {"oelig", 339},   {"ograve", 242},
    {"oline", 8254},   {"omega", 969},	 {"omicron", 959}, {"oplus", 8853},  {"or", 8744},
    {"ordf", 170},     {"ordm", 186},	 {"oslash", 248},  {"otilde", 245},  {"otimes", 8855},
    {"ouml", 246},     {"para", 182},	 {"part", 8706},   {"permil", 8240}, {"perp", 8869},
    {"phi", 966},      {"pi", 960},	 {"piv", 982},	   {"plusmn", 177},  {"pound", 163},
    {"prime", 8242},   {"prod", 8719},	 {"prop", 8733},   {"psi", 968},     {"quot", 34},
    {"rArr", 8658},    {"radic", 8730},	 {"rang", 10217},  {"raquo", 187},   {"rarr", 8594},
    {"rceil", 8969},   {"rdquo", 8221},	 {"real", 8476},   {"reg", 174},     {"rfloor", 8971},
    {"rho", 961},      {"rlm", 8207},	 {"rsaquo", 8250}, {"rsquo", 8217},  {"sbquo", 8218},
    {"scaron", 353},   {"sdot", 8901},	 {"sect", 167},	   {"shy", 173},     {"sigma", 963},
    {"sigmaf", 962},   {"sim", 8764},	 {"spades", 9824}, {"sub", 8834},    {"sube", 8838},
    {"sum", 8721},     {"sup", 8835},	 {"sup1", 185},	   {"sup2", 178},    {"sup3", 179},
    {"supe", 8839},    {"szlig", 223},	 {"tau", 964},	   {"there4", 8756}, {"theta", 952},
    {"thetasym", 977}, {"thinsp", 8201}, {"thorn", 254},   {"tilde", 732},   {"times", 215},
    {"trade", 8482},   {"uArr", 8657},	 {"uacute", 250},  {"uarr", 8593},   {"ucirc", 251},
    {"ugrave", 249},   {"uml", 168},	 {"upsih", 978},   {"upsilon", 965}, {"uuml", 252},
    {"weierp", 8472},  {"xi", 958},	 {"yacute", 253},  {"yen", 165},     {"yuml", 255},
    {"zeta", 950},     {"zwj", 8205},	 {"zwnj", 8204},
};

void md_put_utf8(struct buf *out, uint32_t cp)
{
	char b[4];
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_putc(out, (char)cp);
		return;
	}
	size_t n;
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		n = 4;
	}
	for (size_t i = 1; i < n; i++)
		b[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
	buf_put(out, b, n);
}

static int entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entity *)elem)->name);
}

/* A numeric reference's value as the text it may stand for: nothing invisible or invalid. */
static uint32_t numeric_value(const char *s, size_t n)
{
	int hex = n > 0 && (s[0] == 'x' || s[0] == 'X');
	uint32_t v = 0;
	for (size_t i = hex; i < n; i++) {
		char c = s[i];
		uint32_t d = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
			     : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
						    : 99;
		if (d >= (hex ? 16u : 10u))
			return 0xFFFD;
		v = v * (hex ? 16 : 10) + d;
		if (v > 0x10FFFF)
			return 0xFFFD;
	}
	if (n == (size_t)hex || (v < 0x20 && v != '\t' && v != '\n') || (v >= 0x7F && v <= 0x9F) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	return v;
}

uint32_t md_entity_decode(struct buf *out, const char *s, size_t n)
{
	if (n < 3 || s[0] != '&' || s[n - 1] != ';') {
		buf_put(out, s, n);
		return 0;
	}
	uint32_t cp;
	if (s[1] == '#') {
		cp = numeric_value(s + 2, n - 3);
	} else {
		char name[16];
		const struct entity *e = NULL;
		if (n - 2 < sizeof name) {
			memcpy(name, s + 1, n - 2);
			name[n - 2] = '\0';
			e = bsearch(name, entities, sizeof entities / sizeof entities[0],
				    sizeof entities[0], entity_cmp);
		}
		if (!e) {
			buf_put(out, s, n);
			return 0;
		}
		cp = e->cp;
	}
	md_put_utf8(out, cp);
	return cp;
}

void md_attr_decode(struct buf *out, const MD_ATTRIBUTE *attr)
{
	if (attr->size == 0)
		return;
	for (size_t i = 0;; i++) {
		size_t beg = attr->substr_offsets[i];
		if (beg >= attr->size)
			break;
		size_t end = attr->substr_offsets[i + 1];
		const char *s = attr->text + beg;
		switch (attr->substr_types[i]) {
		case MD_TEXT_ENTITY:
			md_entity_decode(out, s, end - beg);
			break;
		case MD_TEXT_NULLCHAR:
			md_put_utf8(out, 0xFFFD);
			break;
		default:
			buf_put(out, s, end - beg);
			break;
		}
	}
}

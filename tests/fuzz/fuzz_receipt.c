/* fuzz_receipt: what a reporter types as a receipt and a committee member as a recovery key:
 * what is read is a code of the right shape, and reads back the same once shown. */
#include "report/receipt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char d[RECEIPT_DIGITS + 1], shown[RECEIPT_SHOWN + 1], again[RECEIPT_DIGITS + 1];
	if (receipt_parse((const char *)data, size, d) == 0) {
		if (size > RECEIPT_TYPED_MAX || strlen(d) != RECEIPT_DIGITS ||
		    strspn(d, "0123456789") != RECEIPT_DIGITS)
			abort();
		receipt_show(d, shown);
		if (receipt_parse(shown, strlen(shown), again) != 0 || strcmp(d, again) != 0)
			abort();
	}
	unsigned char key[RECOVERY_BYTES], back[RECOVERY_BYTES];
	char rshown[RECOVERY_SHOWN + 1];
	if (recovery_parse((const char *)data, size, key) == 0) {
		recovery_show(key, rshown);
		if (strlen(rshown) != RECOVERY_SHOWN ||
		    recovery_parse(rshown, strlen(rshown), back) != 0 ||
		    memcmp(key, back, sizeof(key)) != 0)
			abort();
	}
	return 0;
}

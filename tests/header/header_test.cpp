#include "memview.h"
int main(void) { return 0; }

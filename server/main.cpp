#include <iostream>

#include "NestboxServerApp.h"

POCO_SERVER_MAIN(nestbox::server::NestboxServerApp)

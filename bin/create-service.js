#!/usr/bin/env node
import '../dist/create-service.js';
